"""site_builder: turns content/ into the bilingual 蒙粤合作简报 static site."""

__version__ = "0.1.0"
