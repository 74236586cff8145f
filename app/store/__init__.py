"""Store layer: frames cached in memory per worker, persisted as memory-mapped Arrow files.

- ``cache``       atomic Arrow writes keyed by a source fingerprint (shared mechanism)
- ``corpora``     the patent datasets: built-in real corpora, uploads, the active one
- ``indicators``  OECD / IEA country x year x domain counts as one tidy frame
- ``knowledge``   the tables we wrote from the seed papers (data/*.csv) and the map
"""
