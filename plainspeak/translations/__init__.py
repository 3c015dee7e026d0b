"""Locale catalogs and translations (PS6xx): catalog model and readers, placeholder/ICU/plural
analysis, language identification, locale sets, and cross-file (project) checks."""
