from django.db import migrations, models

from mall.search.migrations._sql import run

# PostgreSQL only: the product's sales beside its vector, so ties in relevance and the
# best-sellers-first search need no join. SQLite's FTS5 table reads sales from the products.
ADD = {
    "postgresql": [
        "ALTER TABLE search_document ADD COLUMN popularity integer NOT NULL DEFAULT 0",
        "UPDATE search_document d SET popularity = p.sales_count "
        "FROM catalog_product p WHERE p.id = d.product_id",
        "CREATE INDEX search_document_popularity "
        "ON search_document (popularity DESC, product_id DESC)",
    ],
}
REMOVE = {"postgresql": ["ALTER TABLE search_document DROP COLUMN popularity"]}


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pgdocument",
            name="popularity",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(run(ADD), run(REMOVE)),
    ]
