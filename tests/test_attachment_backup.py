"""`flask backup` holds the files too (database storage): a restored copy serves every file
byte for byte, and `flask attachments check` reads them all back."""

import pytest

from council.attachments.models import OwnerKind
from council.roles import Role
from tests import attachment_files as files
from tests.attachment_files import attach_directly
from tests.meeting_helpers import new_meeting
from tests.test_faults_backups import app_on, cli, empty_database

pytestmark = pytest.mark.faults  # restores a backup into a database of its own


def test_a_restored_backup_serves_every_file(app, make_user, tmp_path):
    secretary = make_user(Role.SECRETARY, email="claire@example.org")
    meeting = new_meeting(secretary)
    line = "Ordre du jour et annexes de la séance.\n".encode()
    big = line * (3 * 2**20 // len(line))  # 3 MB: twelve rows of 256 KiB
    letter = attach_directly(meeting, OwnerKind.MEETING, secretary, big)
    photo = attach_directly(
        meeting, OwnerKind.MEETING, secretary, files.phone_photo(800, 600), alt_text="La salle"
    )
    before = {token: app.test_client().get(f"/files/{token}").get_data()
              for token in (letter.token, photo.token)}  # fmt: skip
    backup = tmp_path / "council.backup"
    assert cli(app, "backup", "create", str(backup)).exit_code == 0
    with empty_database(app, tmp_path) as target, app_on(target, tmp_path) as restored:
        result = cli(restored, "backup", "restore", str(backup))
        assert result.exit_code == 0, result.output
        checked = cli(restored, "attachments", "check")
        assert checked.exit_code == 0 and "2 files read back" in checked.output
        reader = restored.test_client()
        for token, data in before.items():
            assert reader.get(f"/files/{token}").get_data() == data
        assert reader.get(f"/files/{photo.token}/preview").status_code == 200
    assert before[letter.token] == big
