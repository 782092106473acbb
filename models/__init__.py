"""The SQL store: schema, migrations and the functions that read and write it."""
