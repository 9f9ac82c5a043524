"""Settings come from defaults, a TOML file and the environment, and bad values fail at start."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from dataclasses import Field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tidings.cli import main
from tidings.cli.app import app
from tidings.config import (
    env_name,
    known_variables,
    load_settings,
    redact_url,
    setting_fields,
    unknown_variables,
)
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
        ({"TIDINGS_MAX_DOCUMENT_BYTES": "0"}, "TIDINGS_MAX_DOCUMENT_BYTES = 0 must be a positive"),
        ({"TIDINGS_LOG_LEVEL": "LOUD"}, "TIDINGS_LOG_LEVEL = 'LOUD'"),
        ({"TIDINGS_EXTRACT_TIMEOUT_S": "-1"}, "TIDINGS_EXTRACT_TIMEOUT_S = -1.0 cannot be negative (0 turns"),
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


def test_a_configuration_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    """A Latin-1 file was an "unexpected error (UnicodeDecodeError ...)": now it is a config error
    naming the file and where the first bad byte is."""
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'port = 8100\nfetch_user_agent_url = "https://caf\xe9.example/"\n')
    with pytest.raises(ConfigError, match=r"latin1.toml is not UTF-8 \(byte 0xe9 at line 2, column 36\)"):
        load_settings(environ={"TIDINGS_CONFIG": str(latin1)})
    secret = tmp_path / "secret"
    secret.write_bytes(b"caf\xe9\n")
    with pytest.raises(ConfigError, match=r"TIDINGS_DATABASE_URL_FILE names .*secret, which is not UTF-8"):
        load_settings(environ={"TIDINGS_DATABASE_URL_FILE": str(secret)})
    with_mark = tmp_path / "bom.toml"  # UTF-8 all the same, as some Windows editors save it
    with_mark.write_bytes(b"\xef\xbb\xbfport = 8100\n")
    assert load_settings(environ={"TIDINGS_CONFIG": str(with_mark)}).port == 8100


@pytest.mark.parametrize("setting", setting_fields(), ids=lambda setting: setting.name)
def test_an_empty_variable_is_no_value(setting: Field[Any]) -> None:
    """``TIDINGS_DATA_DIR=`` was the current folder; empty is the default for every setting (for
    those whose default is empty, empty is that default)."""
    name = setting.name
    default = getattr(load_settings(environ={}), name)
    for empty in ("", "  "):
        assert getattr(load_settings(environ={env_name(name): empty}), name) == default
        assert getattr(load_settings(environ={env_name(name) + "_FILE": empty}), name) == default


def test_an_empty_variable_leaves_the_files_value_unless_empty_is_a_value(tmp_path: Path) -> None:
    config = tmp_path / "tidings.toml"
    config.write_text(
        'port = 8100\ndata_dir = "/srv/tidings"\ndatabase_url = "postgresql+psycopg://h/db"\n'
        'fetch_allow_networks = ["10.0.0.0/8"]\n',
        encoding="utf-8",
    )
    settings = load_settings(
        environ={
            "TIDINGS_CONFIG": str(config),
            "TIDINGS_PORT": "",
            "TIDINGS_DATA_DIR": "",
            "TIDINGS_SERVE_POLLS_SOURCES": "",
        }
    )
    assert (settings.port, settings.data_dir, settings.serve_polls_sources) == (
        8100,
        Path("/srv/tidings"),
        True,
    )
    # Empty means something for these (SQLite in the data folder; no private network), so it wins.
    emptied = load_settings(
        environ={
            "TIDINGS_CONFIG": str(config),
            "TIDINGS_DATABASE_URL": "",
            "TIDINGS_FETCH_ALLOW_NETWORKS": "",
        }
    )
    assert (emptied.database_url, emptied.fetch_allow_networks) == ("", ())
    blank = tmp_path / "blank.toml"
    blank.write_text('data_dir = ""\nlog_level = " "\n', encoding="utf-8")
    from_blank = load_settings(environ={"TIDINGS_CONFIG": str(blank)})
    assert from_blank.data_dir == load_settings(environ={}).data_dir != Path()
    assert from_blank.log_level == "WARNING"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("port = 99999999", "{path}: port = 99999999 is not a TCP port; use one from 1 to 65535"),
        ("max_document_bytes = -1", "{path}: max_document_bytes = -1 must be a positive number"),
        ("poll_min_minutes = 2000", "{path}: poll_min_minutes = 2000 is more than poll_max_minutes = 1440"),
        ("log_level = 'LOUD'", "{path}: log_level = 'LOUD' is not a level; use DEBUG"),
        ("extract_memory_mb = 100", "{path}: extract_memory_mb = 100 is too little"),
        ("fetch_allow_networks = ['nowhere']", "{path}: fetch_allow_networks: 'nowhere' is not a network"),
        ("top_window_hours = 0", "{path}: top_window_hours = 0 must be more than 0"),
    ],
)
def test_a_bad_value_in_the_file_is_blamed_on_the_file(tmp_path: Path, toml: str, message: str) -> None:
    """It was blamed on TIDINGS_PORT and the like, which were not set."""
    config = tmp_path / "tidings.toml"
    config.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(environ={"TIDINGS_CONFIG": str(config)})
    assert str(raised.value).startswith(message.format(path=config))
    assert "TIDINGS_" not in str(raised.value)


def test_a_bad_secret_is_blamed_on_its_file_without_showing_it(tmp_path: Path) -> None:
    secret = tmp_path / "level"
    secret.write_text("hunter2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(environ={"TIDINGS_LOG_LEVEL_FILE": str(secret)})
    assert str(raised.value).startswith(f"the value in the file named by TIDINGS_LOG_LEVEL_FILE ({secret})")
    assert "hunter2" not in str(raised.value)


@pytest.mark.parametrize(
    ("environ", "toml", "message"),
    [
        (
            {"TIDINGS_PORT": "abc"},
            "",
            "TIDINGS_PORT = 'abc' is not valid for port: expected a whole number, such as 8000",
        ),
        (
            {"TIDINGS_MAX_DOCUMENT_BYTES": "1e9"},
            "",
            "= '1e9' is not valid for max_document_bytes: expected a whole",
        ),
        ({"TIDINGS_PORT": "9" * 5000}, "", "is not valid for port: expected a whole number"),
        (
            {"TIDINGS_FETCH_TIMEOUT_S": "soon"},
            "",
            "= 'soon' is not valid for fetch_timeout_s: expected a number, such",
        ),
        (
            {"TIDINGS_SERVE_POLLS_SOURCES": "maybe"},
            "",
            "= 'maybe' is not valid for serve_polls_sources: expected true or",
        ),
        ({}, "port = 'abc'", ": port = 'abc' is not valid for port: expected a whole number, such as 8000"),
        ({}, "port = 80.5", ": port = 80.5 is not valid for port: expected a whole number"),
        ({}, "port = true", ": port = True is not valid for port: expected a whole number"),
        ({}, "host = 127", ": host = 127 is not valid for host: expected a string (in quotes"),
        ({}, "data_dir = ['a']", ": data_dir = a is not valid for data_dir: expected a string"),
        (
            {},
            "fetch_allow_networks = [1]",
            ": fetch_allow_networks = 1 is not valid for fetch_allow_networks: expected a list",
        ),
    ],
)
def test_a_value_of_the_wrong_kind_says_what_is_expected(
    tmp_path: Path, environ: dict[str, str], toml: str, message: str
) -> None:
    """Python's own words ("invalid literal for int() with base 10") were the message."""
    config = tmp_path / "tidings.toml"
    config.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(environ={**environ, "TIDINGS_CONFIG": str(config)})
    assert message in str(raised.value)
    assert "int()" not in str(raised.value)
    assert "float" not in str(raised.value)


def test_tidings_config_shows_a_list_as_it_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """It showed Python tuples: ``()``, ``('[fd00::1]:443', '10.0.0.0/8')``."""
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    empty = runner.invoke(app, ["config"])
    assert empty.exit_code == 0, empty.output
    assert _value_shown(empty.stdout, "fetch_allow_networks") == "(none)"
    monkeypatch.setenv("TIDINGS_FETCH_ALLOW_NETWORKS", " [fd00::1]:443 ,10.0.0.0/8")
    listed = runner.invoke(app, ["config"])
    assert listed.exit_code == 0, listed.output
    assert _value_shown(listed.stdout, "fetch_allow_networks") == "[fd00::1]:443, 10.0.0.0/8"


def test_tidings_config_shows_a_switch_as_it_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """It showed Python's ``True`` and ``False`` where the docs tell the user to write on or off
    (QA, 2026-12-07)."""
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_SERVE_READS_ENTITIES", "off")
    shown = CliRunner().invoke(app, ["config"])
    assert shown.exit_code == 0, shown.output
    assert _value_shown(shown.stdout, "serve_polls_sources") == "on"
    assert _value_shown(shown.stdout, "serve_reads_entities") == "off"


def _value_shown(table: str, setting: str) -> str:
    """The value column of ``setting``'s row in `tidings config`: between the variable and the
    meaning, which are set off by two spaces or more."""
    [row] = [line.strip() for line in table.splitlines() if line.split()[:1] == [setting]]
    return re.split(r"\s{2,}", row)[2]


def test_passwords_are_redacted_for_display() -> None:
    assert redact_url("postgresql+psycopg://u:secret@h/db") == "postgresql+psycopg://u:***@h/db"
    assert redact_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"


def test_every_setting_has_help() -> None:
    for setting in setting_fields():
        assert setting.metadata["help"].endswith("."), setting.name


def test_a_relative_data_folder_is_read_from_the_file_that_gives_it_or_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative data_dir was kept relative: `tidings serve` started in one folder and a cron
    job's `tidings fetch` in another used two stores, and `tidings config` could not say which."""
    folder = tmp_path / "etc"
    folder.mkdir()
    config = folder / "tidings.toml"
    config.write_text('data_dir = "store"\n', encoding="utf-8")
    elsewhere = (tmp_path / "elsewhere").resolve()  # as the current folder reads it
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert load_settings(environ={}, config_path=config).data_dir == folder / "store"
    from_variable = load_settings(environ={"TIDINGS_DATA_DIR": "store "})
    assert from_variable.data_dir == elsewhere / "store"
    assert from_variable.resolved_database_url == f"sqlite:///{elsewhere / 'store' / 'tidings.sqlite3'}"


def test_a_relative_model_cache_folder_is_made_absolute_as_the_data_folder_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative model_cache_dir stayed relative: `tidings serve` and a cron job started in other
    folders exported the models into two caches, and `tidings config` showed neither."""
    folder = tmp_path / "etc"
    folder.mkdir()
    config = folder / "tidings.toml"
    config.write_text('model_cache_dir = "models"\n', encoding="utf-8")
    elsewhere = (tmp_path / "elsewhere").resolve()
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    from_file = load_settings(environ={}, config_path=config)
    assert from_file.model_cache_dir == str(folder / "models")
    assert from_file.resolved_model_cache_dir == folder / "models"
    from_variable = load_settings(environ={"TIDINGS_MODEL_CACHE_DIR": " cache/minilm "})
    assert from_variable.model_cache_dir == str(elsewhere / "cache" / "minilm")
    assert Path(from_variable.model_cache_dir).is_absolute()
    # Empty is still a value of its own: `models` in the data folder.
    emptied = load_settings(environ={"TIDINGS_MODEL_CACHE_DIR": "", "TIDINGS_DATA_DIR": "/srv/tidings"})
    assert (emptied.model_cache_dir, emptied.resolved_model_cache_dir) == ("", Path("/srv/tidings/models"))


def test_a_setting_given_both_by_its_variable_and_by_a_file_is_refused_naming_both(tmp_path: Path) -> None:
    """Which one won was not said (the variable did): a variable left over from before the secret
    file chose the store. Now neither wins."""
    secret = tmp_path / "db-url"
    secret.write_text("postgresql+psycopg://u:p@h/db\n", encoding="utf-8")
    both = "TIDINGS_DATABASE_URL and TIDINGS_DATABASE_URL_FILE are both set, each giving database_url"
    for given in ("sqlite:///old.sqlite3", ""):  # empty is a value of its own here: SQLite
        with pytest.raises(ConfigError, match=rf"^{both}; unset one of them$"):
            load_settings(environ={"TIDINGS_DATABASE_URL": given, "TIDINGS_DATABASE_URL_FILE": str(secret)})
    port = tmp_path / "port"
    port.write_text("8100\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^TIDINGS_PORT and TIDINGS_PORT_FILE are both set"):
        load_settings(environ={"TIDINGS_PORT": "8200", "TIDINGS_PORT_FILE": str(port)})
    # An empty value is no value where empty means nothing, and an empty _FILE names no file.
    assert load_settings(environ={"TIDINGS_PORT": " ", "TIDINGS_PORT_FILE": str(port)}).port == 8100
    assert load_settings(environ={"TIDINGS_PORT": "8200", "TIDINGS_PORT_FILE": ""}).port == 8200


def test_both_forms_of_a_setting_stop_a_command_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = tmp_path / "db-url"
    secret.write_text("sqlite:///elsewhere.sqlite3\n", encoding="utf-8")
    monkeypatch.setenv("TIDINGS_DATABASE_URL", f"sqlite:///{tmp_path / 'here.sqlite3'}")
    monkeypatch.setenv("TIDINGS_DATABASE_URL_FILE", str(secret))
    monkeypatch.setattr(sys, "argv", ["tidings", "articles"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        "tidings: TIDINGS_DATABASE_URL and TIDINGS_DATABASE_URL_FILE are both set, each giving "
        "database_url; unset one of them\n"
    )


def test_an_unknown_variable_is_named_with_the_likeliest_intended_one() -> None:
    """A misspelt variable was ignored without a word: the setting kept its default."""
    environ = {
        "TIDINGS_DATABSE_URL": "postgresql+psycopg://someone@db.example/tidings",
        "TIDINGS_TOP_WINDOW_HOUR": "24",
        "TIDINGS_DATABASE_URL_FLE": "/run/secrets/url",
        "tidings_port": "8100",  # names are case-sensitive: this one is not read either
        "TIDINGS_WORKERS": "4",
        "TIDINGS_COLOUR": "blue",
        "TIDINGS_": "",
        # Not Tidings' own: left alone.
        "PATH": "/usr/bin",
        "MY_TIDINGS_PORT": "1",
    }
    assert unknown_variables(environ) == [
        "TIDINGS_ is not a Tidings setting, so it is ignored; `tidings config` lists the settings",
        "TIDINGS_COLOUR is not a Tidings setting, so it is ignored; `tidings config` lists the settings",
        "TIDINGS_DATABASE_URL_FLE is not a Tidings setting, so it is ignored;"
        " did you mean TIDINGS_DATABASE_URL_FILE?",
        "TIDINGS_DATABSE_URL is not a Tidings setting, so it is ignored; did you mean TIDINGS_DATABASE_URL?",
        "TIDINGS_TOP_WINDOW_HOUR is not a Tidings setting, so it is ignored;"
        " did you mean TIDINGS_TOP_WINDOW_HOURS?",
        "TIDINGS_WORKERS is not a Tidings setting, so it is ignored; did you mean TIDINGS_EXTRACT_WORKERS?",
        "tidings_port is not a Tidings setting, so it is ignored; did you mean TIDINGS_PORT?",
    ]


def test_no_variable_tidings_reads_is_called_unknown() -> None:
    every_setting = {env_name(setting.name): "1" for setting in setting_fields()}
    secrets = {name + "_FILE": "/run/secrets/x" for name in every_setting}
    others = {
        "TIDINGS_CONFIG": "t.toml",
        "TIDINGS_TEST_DATABASES": "sqlite",
        "TIDINGS_TEST_POSTGRESQL_URL": "x",
    }
    assert unknown_variables({**every_setting, **secrets, **others}) == []


def test_every_variable_the_code_names_is_one_tidings_reads() -> None:
    """A variable read outside config.py (the test suite's, a path) is added to ``OTHER_VARIABLES``,
    or every command would warn that it is ignored."""
    root = Path(__file__).resolve().parent.parent
    files = [
        *(root / "tidings").rglob("*.py"),
        *(root / "bench").rglob("*.py"),
        root / "tests" / "conftest.py",
        root / "README.md",
        root / "Makefile",
    ]
    named = {
        name
        for path in files
        for name in re.findall(r"\bTIDINGS_[A-Z0-9_]*[A-Z0-9]\b", path.read_text(encoding="utf-8"))
    }
    assert "TIDINGS_TEST_POSTGRESQL_URL" in named  # the scan sees the test suite's own
    assert named <= known_variables()


def test_an_unknown_key_in_the_file_names_the_likeliest_setting(tmp_path: Path) -> None:
    config = tmp_path / "tidings.toml"
    config.write_text("databse_url = 'sqlite:////tmp/x.sqlite3'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown setting 'databse_url'; did you mean 'database_url'\?$"):
        load_settings(environ={"TIDINGS_CONFIG": str(config)})
    config.write_text("TIDINGS_PORT = 8100\n", encoding="utf-8")  # the variable's name, not the key
    with pytest.raises(ConfigError, match=r"unknown setting 'TIDINGS_PORT'; did you mean 'port'\?$"):
        load_settings(environ={"TIDINGS_CONFIG": str(config)})
    config.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown setting 'colour'; see `tidings config` for the list$"):
        load_settings(environ={"TIDINGS_CONFIG": str(config)})


MISSPELT_WARNING = (
    "tidings: TIDINGS_DATABSE_URL is not a Tidings setting, so it is ignored;"
    " did you mean TIDINGS_DATABASE_URL?"
)


def test_every_command_warns_of_a_misspelt_variable_once(tmp_path: Path) -> None:
    """Through the real entry point, on standard error, before what the command says; ``serve``
    as well (here failing at once on a port already in use)."""
    environment = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(tmp_path / "data"),
        "TIDINGS_DATABSE_URL": f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}",
    }
    listed = subprocess.run(
        [sys.executable, "-m", "tidings", "config"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert (listed.returncode, listed.stderr.splitlines()) == (0, [MISSPELT_WARNING])
    assert "TIDINGS_DATABASE_URL" in listed.stdout
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        serving = subprocess.run(
            [sys.executable, "-m", "tidings", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
    said = serving.stderr.splitlines()
    assert serving.returncode == 1, serving.stderr
    assert said[0] == MISSPELT_WARNING
    assert said[1].startswith(f"tidings: cannot listen on 127.0.0.1:{port}: ")
    assert len(said) == 2


def test_known_variables_give_no_warning_and_error_level_silences_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["tidings", "config", "--markdown"])
    monkeypatch.setenv("TIDINGS_PORT", "8100")
    monkeypatch.setenv("TIDINGS_DATABASE_URL_FILE", "/run/secrets/url")
    monkeypatch.setenv("TIDINGS_CONFIG", "")
    _run_main()
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("TIDINGS_DATABSE_URL", "sqlite:///x.sqlite3")
    _run_main()
    assert capsys.readouterr().err == MISSPELT_WARNING + "\n"
    monkeypatch.setenv("TIDINGS_LOG_LEVEL", "error")  # for a variable another program sets
    _run_main()
    assert capsys.readouterr().err == ""


def _run_main() -> None:
    with pytest.raises(SystemExit) as exited:  # as the console script does: Click ends with an exit
        main()
    assert exited.value.code == 0


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "TIDINGS_TOP_WINDOW_HOURS",
            "99999999999999999999",
            "TIDINGS_TOP_WINDOW_HOURS = 99999999999999999999 is longer than any setting means;"
            " use at most 87,600 hours (ten years)",
        ),
        (
            "TIDINGS_STORY_SILENCE_DAYS",
            "99999999",
            "TIDINGS_STORY_SILENCE_DAYS = 99999999 is longer than any setting means;"
            " use at most 3,650 days (ten years)",
        ),
        (
            "TIDINGS_EXTRACT_TIMEOUT_S",
            "1e300",
            "TIDINGS_EXTRACT_TIMEOUT_S = 1e+300 is longer than any setting means;"
            " use at most 86,400 seconds (a day)",
        ),
        (
            "TIDINGS_FETCH_USER_AGENT_URL",
            "x\r\nInjected: 1",
            "TIDINGS_FETCH_USER_AGENT_URL = 'x\\r\\nInjected: 1' has control characters or letters beyond"
            " ASCII, which a User-Agent header cannot carry; write a host beyond ASCII in its xn-- form",
        ),
        (
            # A poll worker each: a million took two minutes and 2 GB to poll an empty store, and
            # more never ended (review, 2026-12-07).
            "TIDINGS_FETCH_CONCURRENCY",
            "99999999999999999999999",
            "TIDINGS_FETCH_CONCURRENCY = 99999999999999999999999 is more polls at once than any"
            " machine gains from; use at most 1,024",
        ),
        (
            # Every read reserved this much memory: an overflow or a MemoryError reported as a bug.
            "TIDINGS_MAX_DOCUMENT_BYTES",
            "1000000000000000",
            "TIDINGS_MAX_DOCUMENT_BYTES = 1000000000000000 is larger than any page or feed Tidings"
            " can hold in memory; use at most 1,000,000,000 (a gigabyte)",
        ),
        (
            # Past what an address-space limit can hold: every extraction worker failed to start.
            "TIDINGS_EXTRACT_MEMORY_MB",
            "99999999999999999999999",
            "TIDINGS_EXTRACT_MEMORY_MB = 99999999999999999999999 is more than any worker can be"
            " given; use 0 (no limit) or at most 1,048,576 (a terabyte)",
        ),
        (
            "TIDINGS_DATABASE_URL",
            "sqlite:///:memory:",
            "TIDINGS_DATABASE_URL = 'sqlite:///:memory:' is a SQLite database in memory, which keeps"
            " nothing once the command ends; give a file (sqlite:////path/to/tidings.sqlite3) or leave it"
            " empty for the data folder's",
        ),
    ],
)
def test_values_past_what_a_setting_can_mean_stop_at_start_up(
    variable: str, value: str, message: str
) -> None:
    # Each passed `tidings config` before and failed later: an overflow reported as a bug, every
    # fetch failing, a store that kept nothing (review, 2026-12-07).
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={variable: value})
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite+pysqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"]
)
def test_every_writing_of_an_in_memory_sqlite_store_is_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="is a SQLite database in memory"):
        load_settings(environ={"TIDINGS_DATABASE_URL": url})


def test_a_file_store_and_the_longest_spans_are_accepted(tmp_path: Path) -> None:
    settings = load_settings(
        environ={
            "TIDINGS_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}",
            "TIDINGS_TOP_WINDOW_HOURS": "87600",
            "TIDINGS_STORY_SILENCE_DAYS": "3650",
            "TIDINGS_FETCH_CONCURRENCY": "1024",
            "TIDINGS_MAX_DOCUMENT_BYTES": "1000000000",
            "TIDINGS_EXTRACT_MEMORY_MB": "1048576",
        }
    )
    assert (settings.top_window_hours, settings.story_silence_days) == (87600, 3650)
    assert (settings.fetch_concurrency, settings.max_document_bytes) == (1024, 1_000_000_000)
    assert settings.extract_memory_mb == 1_048_576


def test_a_secret_file_variable_naming_a_device_of_no_end_or_a_huge_file_is_refused(tmp_path: Path) -> None:
    # /dev/zero named by mistake was read without end (review, 2026-12-07); read no further than
    # a secret's size, it is refused as any file too large is.
    with pytest.raises(ConfigError, match=r"^TIDINGS_PORT_FILE names /dev/zero, which is larger than 64 kB"):
        load_settings(environ={"TIDINGS_PORT_FILE": "/dev/zero"})
    huge = tmp_path / "port"
    huge.write_text("8100" + " " * 70_000, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"which is larger than 64 kB; a secret file holds one value$"):
        load_settings(environ={"TIDINGS_PORT_FILE": str(huge)})


def test_a_secret_file_variable_may_name_a_pipe(tmp_path: Path) -> None:
    # A shell's process substitution, `TIDINGS_PORT_FILE=<(pass show port)`, names a pipe.
    reading, writing = os.pipe()
    os.write(writing, b"8123\n")
    os.close(writing)
    try:
        assert load_settings(environ={"TIDINGS_PORT_FILE": f"/dev/fd/{reading}"}).port == 8123
    finally:
        os.close(reading)


@pytest.mark.parametrize(
    "url", ["https://example.org/bot; ops@example.org", "https://xn--bcher-kva.example/bot"]
)
def test_a_user_agent_url_with_a_space_or_an_ascii_host_is_accepted(url: str) -> None:
    assert load_settings(environ={"TIDINGS_FETCH_USER_AGENT_URL": url}).fetch_user_agent_url == url


def test_a_user_agent_url_beyond_ascii_is_refused() -> None:
    # httpx cannot encode it: every fetch failed (review, 2026-12-07).
    with pytest.raises(ConfigError, match="letters beyond ASCII"):
        load_settings(environ={"TIDINGS_FETCH_USER_AGENT_URL": "https://bücher.example/bot"})
