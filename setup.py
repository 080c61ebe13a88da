"""Build hook: the wheel carries the top-level ``resources/`` and the example brief.

``resources/`` and ``briefs/`` sit beside the package (the design card's layout) and are the
source of truth. A checkout finds them there; a wheel needs them inside the package, so the
build copies them to ``desktop/_bundled/`` (``desktop.resources.find`` looks in both, and in a
frozen bundle). Everything else about the build is declared in ``pyproject.toml``.
"""

from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# (source in the checkout, destination inside the package, file patterns to carry)
SHIPPED = [
    (HERE / "resources", Path("desktop", "_bundled", "resources"),
     ["templates/*.docx", "icons/*.svg", "icons/*.png", "linux/*", "csl/*"]),
    (HERE / "briefs", Path("desktop", "_bundled", "briefs"), ["*.brief"]),
]


class BuildWithResources(build_py):
    def run(self):
        super().run()
        for source, target, patterns in SHIPPED:
            for pattern in patterns:
                for path in sorted(source.glob(pattern)):
                    dest = Path(self.build_lib) / target / path.relative_to(source)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, dest)


setup(cmdclass={"build_py": BuildWithResources})
