"""The site's address: configured, or taken from the address the visitor is using."""
from ndl_explain import siteurl


def test_configured_address_wins_and_is_normalised():
    env = {"NDL_SITE_URL": " https://NDL.example.org/ "}
    assert siteurl.site_url(env, page_url="http://10.0.0.5:9000/walkthrough", page_path="walkthrough") == \
        "https://ndl.example.org"


def test_a_bare_host_gets_https():
    assert siteurl.configured({"NDL_SITE_URL": "ndl.example.org"}) == "https://ndl.example.org"


def test_not_a_web_address_is_ignored():
    assert siteurl.configured({"NDL_SITE_URL": "ftp://x.example"}) == ""
    assert siteurl.site_url({"NDL_SITE_URL": "   "}) == siteurl.DEFAULT_SITE_URL


def test_the_visitors_address_is_used_when_nothing_is_configured():
    assert siteurl.site_url({}, page_url="http://192.168.1.20:9123/walkthrough", page_path="walkthrough") == \
        "http://192.168.1.20:9123"
    # behind a proxy with a path prefix, the prefix stays
    assert siteurl.site_url({}, page_url="https://council.example/ndl/facilitate", page_path="facilitate") == \
        "https://council.example/ndl"
    # the home page has no path of its own
    assert siteurl.site_url({}, page_url="http://host:8600/", page_path="") == "http://host:8600"


def test_default_without_configuration_or_browser():
    assert siteurl.site_url({}) == "http://localhost:8501"


def test_local_and_public_addresses():
    for url in ("http://localhost:8501", "https://127.0.0.1", "https://192.168.0.4", "https://printserver",
                "https://ndl.local", "https://[::1]:8443"):
        assert siteurl.is_local(url), url
        assert not siteurl.is_public_https(url), url
    assert siteurl.is_public_https("https://ndl.example.org")
    assert not siteurl.is_public_https("http://ndl.example.org")


def test_short_form_is_host_and_path():
    assert siteurl.short_form("https://ndl.example.org/what-it-is/") == "ndl.example.org/what-it-is"
    assert siteurl.short_form("https://ndl.example.org") == "ndl.example.org"
