# Sphinx configuration for the Atlas documentation.
import os
import sys

sys.path.insert(0, os.path.abspath("../src"))

project = "Atlas"
author = "The Atlas contributors"
copyright = "2024, The Atlas contributors"

# The short X.Y version and the full version, including alpha/beta/rc tags.
version = "0.4"
release = "0.4.2"

extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon"]
html_theme = "furo"
