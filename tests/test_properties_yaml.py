"""Whatever bytes a user feeds `jimcode validate`, the answer is a verdict, never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_validate_codebook import VALID

pytestmark = pytest.mark.slow  # 300 runs of `jimcode validate`: the slowest file of the suite

YAMLISH = st.text(alphabet=st.sampled_from([*list("abcRQ12 :-\n\t[]{}&*!|>'\"#,?%@`~\\"), "é", "\x00"]), max_size=200)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=YAMLISH)
def test_random_yamlish_text_never_crashes(run, tmp_path, text):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    result = run("validate", path)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "internal error" not in result.output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(VALID)), junk=st.text(max_size=5))
def test_mangled_valid_codebook_never_crashes(run, tmp_path, cut, junk):
    path = tmp_path / "mangled.yaml"
    path.write_text(VALID[:cut] + junk + VALID[cut:], encoding="utf-8", errors="surrogatepass")
    result = run("validate", path)
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output
    for line in result.stdout.splitlines():
        assert line.startswith(str(path) + ":")
