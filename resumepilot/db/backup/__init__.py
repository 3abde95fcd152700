"""`resumepilot backup` and `resumepilot restore`: one archive with a pg_dump of the database,
the data folder's files and a manifest of row counts and checksums to verify a restore by."""

from resumepilot.db.backup.archive import Manifest, read_manifest
from resumepilot.db.backup.create import create_backup
from resumepilot.db.backup.pg_tools import BackupError, PgTools, embedded_tools, tools_on_path
from resumepilot.db.backup.restore import RestoreTarget, restore_backup

__all__ = [
    "BackupError",
    "Manifest",
    "PgTools",
    "RestoreTarget",
    "create_backup",
    "embedded_tools",
    "read_manifest",
    "restore_backup",
    "tools_on_path",
]
