"""Settings come from defaults, a TOML file and the environment, and bad values fail at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.config import load_settings, redact_url, setting_fields
from tidings.errors import ConfigError


def test_defaults_just_work(tmp_path: Path) -> None:
    settings = load_settings(environ={})
    assert settings.port == 8000
    assert settings.host == "127.0.0.1"
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_database_url.endswith("tidings.sqlite3")


def test_environment_overrides_defaults(tmp_path: Path) -> None:
    settings = load_settings(
        environ={"TIDINGS_PORT": "9001", "TIDINGS_DATA_DIR": str(tmp_path), "TIDINGS_LOG_LEVEL": "debug"}
    )
    assert settings.port == 9001
    assert settings.data_dir == tmp_path
    assert settings.log_level == "DEBUG"
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'tidings.sqlite3'}"


def test_database_url_wins_over_the_data_folder(tmp_path: Path) -> None:
    url = "postgresql+psycopg://someone@db.example/tidings"
    settings = load_settings(environ={"TIDINGS_DATABASE_URL": url, "TIDINGS_DATA_DIR": str(tmp_path)})
    assert settings.resolved_database_url == url


def test_toml_file_is_read_and_environment_beats_it(tmp_path: Path) -> None:
    config = tmp_path / "tidings.toml"
    config.write_text('port = 8100\nhost = "0.0.0.0"\n', encoding="utf-8")
    settings = load_settings(environ={"TIDINGS_CONFIG": str(config), "TIDINGS_PORT": "8200"})
    assert settings.host == "0.0.0.0"
    assert settings.port == 8200


def test_a_secret_can_come_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "db-url"
    secret.write_text("postgresql+psycopg://u:p@h/db\n", encoding="utf-8")
    settings = load_settings(environ={"TIDINGS_DATABASE_URL_FILE": str(secret)})
    assert settings.database_url == "postgresql+psycopg://u:p@h/db"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"TIDINGS_PORT": "eighty"}, "TIDINGS_PORT = 'eighty' is not valid for port"),
        ({"TIDINGS_PORT": "70000"}, "TIDINGS_PORT = 70000 is not a TCP port"),
        ({"TIDINGS_MAX_DOCUMENT_BYTES": "0"}, "TIDINGS_MAX_DOCUMENT_BYTES must be a positive"),
        ({"TIDINGS_LOG_LEVEL": "LOUD"}, "TIDINGS_LOG_LEVEL = 'LOUD'"),
        ({"TIDINGS_EXTRACT_TIMEOUT_S": "-1"}, "TIDINGS_EXTRACT_TIMEOUT_S cannot be negative (0 turns"),
        ({"TIDINGS_EXTRACT_TIMEOUT_S": "nan"}, "'nan' is not valid for extract_timeout_s: expected a finite"),
        ({"TIDINGS_TOP_HALF_LIFE_HOURS": "inf"}, "'inf' is not valid for top_half_life_hours: expected a"),
        (
            {"TIDINGS_EXTRACT_MEMORY_MB": "100"},
            "TIDINGS_EXTRACT_MEMORY_MB = 100 is too little for an extraction",
        ),
        ({"TIDINGS_EXTRACT_WORKERS": "100000"}, "TIDINGS_EXTRACT_WORKERS = 100000 is more processes than"),
        ({"TIDINGS_CONFIG": "/nonexistent/tidings.toml"}, "which is not a file"),
    ],
)
def test_bad_values_fail_naming_the_variable(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings(environ=environ)


def test_unknown_and_malformed_toml_is_refused(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(environ={"TIDINGS_CONFIG": str(unknown)})
    broken = tmp_path / "broken.toml"
    broken.write_text("port = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_settings(environ={"TIDINGS_CONFIG": str(broken)})


def test_passwords_are_redacted_for_display() -> None:
    assert redact_url("postgresql+psycopg://u:secret@h/db") == "postgresql+psycopg://u:***@h/db"
    assert redact_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"


def test_every_setting_has_help() -> None:
    for setting in setting_fields():
        assert setting.metadata["help"].endswith("."), setting.name
