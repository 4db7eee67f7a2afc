"""game.files: the one gate every read of a stranger's file passes through."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from game import files
from game.files import UnreadableFile, display, is_regular_file, read_capped


def refusal(path, limit: int = 1000) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_capped(path, limit, what="scenario file")
    assert str(caught.value).startswith(caught.value.name + ": ")
    return caught.value.reason


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x" * 1000)
    assert read_capped(path, 1000) == b"x" * 1000


def test_one_byte_over_the_cap_is_refused(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x" * 1001)
    assert refusal(path) == "the file is larger than 1,000 bytes, too large for a scenario file"


def test_the_size_is_counted_while_reading_not_taken_from_stat():
    # /proc files say they are 0 bytes long but are not empty
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc here")
    assert status.stat().st_size == 0
    assert b"Name:" in read_capped(status, 100_000)
    assert "larger than 10 bytes" in refusal(status, 10)


def test_a_folder(tmp_path):
    assert refusal(tmp_path) == "this is a folder, not a scenario file"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)  # no writer: a blocking open would never return
    assert refusal(path) == "this is a pipe (FIFO), not a scenario file"
    assert not is_regular_file(path)


def test_a_device_is_refused():
    assert refusal("/dev/zero") == "this is a device, not a scenario file"
    assert refusal("/dev/null") == "this is a device, not a scenario file"


def test_a_symlink_is_followed_and_what_it_names_judged(tmp_path):
    real = tmp_path / "real.toml"
    real.write_bytes(b"format = 1\n")
    (tmp_path / "good.toml").symlink_to(real)
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    assert read_capped(tmp_path / "good.toml", 100) == b"format = 1\n"
    assert refusal(tmp_path / "zero.toml") == "this is a device, not a scenario file"


def test_a_symlink_loop(tmp_path):
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    assert refusal(tmp_path / "a.toml") == "the path is a loop of symbolic links"


def test_a_socket(tmp_path):
    path = tmp_path / "s.toml"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        assert refusal(path) == "this is a socket, not a scenario file"


def test_missing_and_impossible_names(tmp_path):
    assert refusal(tmp_path / "nope.toml") == "no such file"
    assert "NUL" in refusal("a\0b.toml")
    with pytest.raises(UnreadableFile, match="no such save file"):
        read_capped(tmp_path / "nope.toml", 10, what="save file")


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "a.toml"
    path.write_bytes(b"x")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "open", denied)  # chmod does not stop root
    assert refusal(path) == "the scenario file cannot be read (permission denied)"


def test_names_are_shown_cleaned_on_one_line(tmp_path):
    hostile = tmp_path / "\x1b]0;PWNED\x07\nline\x9b.toml"
    assert display(hostile) == f"{tmp_path}/]0;PWNED line.toml"
    with pytest.raises(UnreadableFile) as caught:
        read_capped(hostile, 10)
    assert str(caught.value).isprintable()
