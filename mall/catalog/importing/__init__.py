"""Bulk import of products from CSV/XLSX (+ a zip of images): one row is one SKU.

`readers` turns a file into rows, `columns` maps headers, `parsing` checks one row's cells,
`archive` reads images safely from the zip, `lookups` caches shops/categories/brands per job,
`writer` upserts one product group, and `runner` drives a whole job and records its report.
"""
