"""One module per export format. Each turns its export into a ParsedExport.

A reader module defines ``FORMAT`` (its name), ``matches(keys)`` (does a header with these
normalised column names belong to this format?) and ``parse(...)``. The shared steps
(years, names, countries, codes, rejections) are in :mod:`app.ingest.assemble`; choosing a
reader and the file checks are in :mod:`app.ingest.importer`.
"""
