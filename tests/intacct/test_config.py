from __future__ import annotations

from pathlib import Path

import pytest

from intacct import ClientConfig, RequestConfig
from intacct.config import check_endpoint
from intacct.errors import EndpointError, InvalidArgumentError

ENV = {
    "INTACCT_SENDER_ID": "env_sender",
    "INTACCT_SENDER_PASSWORD": "env-sender-secret",
    "INTACCT_COMPANY_ID": "ENVCO",
    "INTACCT_ENTITY_ID": "US",
    "INTACCT_USER_ID": "env_user",
    "INTACCT_USER_PASSWORD": "env-user-secret",
    "INTACCT_ENDPOINT_URL": "https://sandbox.intacct.com/ia/xml/xmlgw.phtml",
}


def test_from_env_reads_the_sdk_variable_names() -> None:
    config = ClientConfig.from_env(ENV)
    assert (config.sender_id, config.sender_password, config.company_id, config.entity_id) == (
        "env_sender",
        "env-sender-secret",
        "ENVCO",
        "US",
    )
    assert (config.user_id, config.user_password) == ("env_user", "env-user-secret")
    assert config.endpoint_url == "https://sandbox.intacct.com/ia/xml/xmlgw.phtml"


def test_arguments_beat_env_which_beats_the_profile(tmp_path: Path) -> None:
    profile = tmp_path / "credentials.ini"
    profile.write_text(
        "[default]\nsender_id = file_sender\nsender_password = pa%ss\ncompany_id = FILECO\n"
        "[other]\nsender_id = other_sender\nuser_id = other_user\n",
        encoding="utf-8",
    )
    config = ClientConfig.load(
        environ={"INTACCT_COMPANY_ID": "ENVCO"}, profile_file=profile, user_id="arg_user"
    )
    assert (config.sender_id, config.sender_password, config.company_id, config.user_id) == (
        "file_sender",
        "pa%ss",
        "ENVCO",
        "arg_user",
    )
    other = ClientConfig.load(environ={"INTACCT_PROFILE": "other"}, profile_file=profile)
    assert (other.sender_id, other.user_id) == ("other_sender", "other_user")
    with pytest.raises(InvalidArgumentError, match="profile 'missing' not found"):
        ClientConfig.load(environ={}, profile="missing", profile_file=profile)


def test_repr_never_shows_secrets() -> None:
    config = ClientConfig.from_env(ENV, session_id="sess-secret..")
    text = repr(config) + str(config)
    for secret in ("env-sender-secret", "env-user-secret", "sess-secret.."):
        assert secret not in text
    assert "sender_password='***'" in text
    assert "sender_id='env_sender'" in text


@pytest.mark.parametrize(
    "url",
    [
        "https://api.intacct.com/ia/xml/xmlgw.phtml",
        "https://na2.intacct.com/ia/xml/xmlgw.phtml",
        "https://api.intacct.com./ia/xml/xmlgw.phtml",
    ],
)
def test_intacct_hosts_are_accepted(url: str) -> None:
    assert check_endpoint(url, allow_custom_endpoint=False) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://intacct.com.evil.example/ia/xml/xmlgw.phtml",
        "https://evilintacct.com/ia/xml/xmlgw.phtml",
        "http://api.intacct.com/ia/xml/xmlgw.phtml",
        "http://127.0.0.1:8300/ia/xml/xmlgw.phtml",
        "ftp://api.intacct.com/",
        "not a url",
    ],
)
def test_other_endpoints_are_refused_without_opt_in(url: str) -> None:
    with pytest.raises(EndpointError):
        check_endpoint(url, allow_custom_endpoint=False)


def test_request_config_validation() -> None:
    assert len(RequestConfig().control_id) == 36
    with pytest.raises(InvalidArgumentError):
        RequestConfig(control_id="")
    with pytest.raises(InvalidArgumentError):
        RequestConfig(control_id="x" * 257)
    with pytest.raises(InvalidArgumentError):
        RequestConfig(policy_id="p" * 41)
    with pytest.raises(InvalidArgumentError):
        ClientConfig(max_in_flight=0)


def test_a_profile_file_without_a_default_section_is_fine_unless_a_profile_is_named(tmp_path: Path) -> None:
    # Credentials in the environment plus a file holding only [sandbox] must not break load().
    profile = tmp_path / "credentials.ini"
    profile.write_text("[sandbox]\nsender_id = sandbox_sender\n", encoding="utf-8")
    assert ClientConfig.load(environ=ENV, profile_file=profile).sender_id == "env_sender"
    assert (
        ClientConfig.load(environ={}, profile="sandbox", profile_file=profile).sender_id == "sandbox_sender"
    )
    with pytest.raises(InvalidArgumentError, match="profile 'default' not found"):
        ClientConfig.load(environ={}, profile="default", profile_file=profile)
    with pytest.raises(InvalidArgumentError, match="profile 'prod' not found"):
        ClientConfig.load(environ={"INTACCT_PROFILE": "prod"}, profile_file=profile)
