"""The demo mall `manage.py seed_demo` builds: data tables, product builders and generated images.

`tree` and `kinds` describe the catalog (categories, brands, how SKUs vary, parameter rows),
`shops` the merchants, banners and demo accounts; `builders` turns them into unsaved rows with
a seeded `random.Random`; `images` draws the picture pool; `seeder` writes it all in batches.
"""
