"""Statements for one database vendor only: each database has its own kind of index table."""


def run(statements: dict[str, list[str]]):
    """A RunPython function executing the statements listed for the current vendor."""

    def operation(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return operation
