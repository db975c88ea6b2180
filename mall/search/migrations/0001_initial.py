import django.db.models.deletion
from django.db import migrations, models

import mall.search.models
from mall.search.migrations._sql import run

# Each database gets only its own index table; the models stay unmanaged on both.
CREATE = {
    "sqlite": [
        # unicode61 splits the space-joined jieba tokens back into words; prefix indexes make
        # "typing" prefix queries cheap; rank = bm25 weighting title 10 : tags 4 : other 1.
        # Products join on the UNINDEXED product_id (equal to the rowid), not on the rowid:
        # joined on the rowid, SQLite's planner may run the full-text MATCH once per product.
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "product_id UNINDEXED, title, tags, other, prefix='1 2')",
        "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(0.0, 10.0, 4.0, 1.0)')",
    ],
    "postgresql": [
        "CREATE TABLE search_document (product_id bigint PRIMARY KEY, vector tsvector NOT NULL)",
        "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    ],
}
DROP = {
    "sqlite": ["DROP TABLE IF EXISTS search_fts"],
    "postgresql": ["DROP TABLE IF EXISTS search_document"],
}


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="FtsDocument",
            fields=[
                ("product", models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name="search_fts", serialize=False, to="catalog.product")),
                ("document", mall.search.models.Fts5TableField(db_column="search_fts")),
                ("rank", models.FloatField()),
            ],
            options={
                "db_table": "search_fts",
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="PgDocument",
            fields=[
                ("product", models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name="search_document", serialize=False, to="catalog.product")),
                ("vector", mall.search.models.TsVectorField()),
            ],
            options={
                "db_table": "search_document",
                "managed": False,
            },
        ),
        migrations.RunPython(run(CREATE), run(DROP)),
    ]
