"""The pages and the access rules through TestClient: the token beyond 127.0.0.1, cross-site
posts refused, the instance page's views, previews in words, and a bad upload's located rows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kompetanse_opt.cli.serve import is_loopback
from web_helpers import embedded_with_plan, web_client


@pytest.fixture(scope="module")
def page_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int]]:
    with web_client(tmp_path_factory.mktemp("ws")) as client:
        instance_id, job = embedded_with_plan(client)
        assert job["state"] == "done"
        yield client, instance_id


def test_loopback_hosts() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    assert not is_loopback("example.org")


def test_a_token_is_required_on_every_request(tmp_path: Path) -> None:
    with web_client(tmp_path, token="s3cret") as client:
        assert client.get("/").status_code == 401
        assert client.get("/api/instances").status_code == 401
        assert client.get("/static/app.js").status_code == 401
        wrong = {"X-Kompetanse-Token": "guess"}
        assert client.get("/api/instances", headers=wrong).status_code == 401
        assert client.get("/api/instances", headers={"X-Kompetanse-Token": "s3cret"}).json() == []
        bearer = {"Authorization": "Bearer s3cret"}
        assert client.get("/api/instances", headers=bearer).status_code == 200
        assert client.get("/?token=guess", follow_redirects=False).status_code == 401
        once = client.get("/?token=s3cret", follow_redirects=False)
        assert once.status_code == 303 and once.headers["location"] == "/"
        assert "httponly" in once.headers["set-cookie"].lower()
        assert client.get("/").status_code == 200  # the cookie from now on


def test_posts_from_another_site_are_refused(tmp_path: Path) -> None:
    with web_client(tmp_path) as client:
        evil = client.post("/instances/embedded", headers={"Origin": "http://evil.example"})
        assert evil.status_code == 403
        assert client.get("/api/instances").json() == []
        same = client.post(
            "/instances/embedded", headers={"Origin": "http://testserver"}, follow_redirects=False
        )
        assert same.status_code == 303 and same.headers["location"] == "/i/1"


def test_the_instance_page_shows_the_plan(page_client: Any) -> None:
    client, instance_id = page_client
    page = client.get(f"/i/{instance_id}")
    assert page.status_code == 200
    html = page.text
    for part in ('id="map"', 'class="map"', 'data-table="rules"', 'data-table="plan-budget"'):
        assert part in html
    assert "Every rule holds." in html and 'id="status">optimal<' in html
    assert "2,629,000" in html and 'data-table="cohorts"' in html  # the seed's budget total
    assert 'data-table="history"' in html and "the embedded Vestland data" in html
    assert "/static/app.js" in html and "https://" not in html.split("<main>")[0]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/i/99").status_code == 404


def test_a_preview_in_words_and_an_edit_saved_from_the_form(page_client: Any) -> None:
    client, instance_id = page_client
    plan = client.get(f"/api/instances/{instance_id}/versions/2/files/plan").json()
    here = next(c["id"] for c in plan["cohorts"] if "4601" in c["municipalities"])
    other = 2 if here == 1 else 1
    form = {"op": "move_municipality", "municipality": "4601", "cohort": str(other)}
    preview = client.post(f"/i/{instance_id}/preview", data=form)
    assert preview.status_code == 200
    assert 'class="label">H2</span>' in preview.text and "above capacity" in preview.text
    assert "Objective" in preview.text
    bad = client.post(
        f"/i/{instance_id}/preview", data={**form, "cohort": "x"}, headers={"X-Fragment": "1"}
    )
    assert bad.status_code == 400 and "cohort" in bad.text
    saved = client.post(f"/i/{instance_id}/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303
    page = client.get(f"/i/{instance_id}").text
    assert "moved municipality 4601" in page and 'class="label">H2</span>' in page
    client.post(f"/i/{instance_id}/undo")
    assert "Every rule holds." in client.get(f"/i/{instance_id}").text
    suggest = client.post(f"/i/{instance_id}/suggest", data={"municipality": "4631"})
    assert suggest.status_code == 200 and "cohort" in suggest.text


def test_pins_from_the_form(page_client: Any) -> None:
    client, instance_id = page_client
    form = {"kind": "municipality", "on": "1", "pin_municipality": "4601", "pin_cohort": "1"}
    assert client.post(f"/i/{instance_id}/pin", data=form).status_code == 200
    assert '<span class="pin-kind">municipality</span>' in client.get(f"/i/{instance_id}").text
    client.post(f"/i/{instance_id}/pin", data={**form, "on": "0"})
    assert "Nothing is pinned." in client.get(f"/i/{instance_id}").text


def test_a_bad_upload_shows_each_row_with_its_problem(page_client: Any) -> None:
    client, _ = page_client
    before = client.get("/api/instances").json()
    sheet = "kommune,målgruppe,tjenesteområde\nBergen,1,helse\nVoss,9,helse\n"
    files = {"file": ("påmelding.csv", io.BytesIO(sheet.encode()), "text/csv")}
    page = client.post("/instances/upload", files=files)
    assert page.status_code == 400
    assert "påmelding.csv was not imported: nothing was stored" in page.text
    assert "B3" in page.text and "target group 9 is not 1-4" in page.text
    assert '<tr class="bad-row"><td class="num">3</td>' in page.text
    assert client.get("/api/instances").json() == before


def test_explain_offers_verified_changes_as_buttons(tmp_path: Path) -> None:
    from builders import make_instance
    from kompetanse_opt.model.loading import instance_to_data

    tight = make_instance([3, 4, 2, 5], cohorts={"count": 2, "capacity": 6, "gatherings": 2})
    with web_client(tmp_path) as client:
        created = client.post("/api/instances", json={"data": instance_to_data(tight)}).json()
        url = f"/i/{created['id']}"
        page = client.post(f"{url}/explain", headers={"X-Fragment": "1"})
        assert page.status_code == 200 and "H2" in page.text
        assert '<button class="relax">raise cohort capacity by 1 to 7</button>' in page.text
        chosen = {"kind": "capacity", "description": "raise cohort capacity by 1 to 7"}
        assert client.post(f"{url}/relax", data=chosen).status_code == 200
        now = client.get(f"/api/instances/{created['id']}").json()["version"]
        assert now["kind"] == "relax" and now["reason"].startswith("relaxed: raise cohort")
        data = client.get(f"/api/instances/{created['id']}/versions/{now['id']}/files/instance")
        assert data.json()["cohorts"]["capacity"] == 7
        gone = client.post(f"/api/instances/{created['id']}/relax", json=chosen)
        assert gone.status_code == 400 and "not among the suggestions" in gone.text
        assert client.get(f"/api/instances/{created['id']}/versions").json()[0]["id"] == now["id"]


def test_on_loopback_only_this_machines_names_are_served(tmp_path: Path) -> None:
    from kompetanse_opt.web.app import LOOPBACK_NAMES

    with web_client(tmp_path, hosts=LOOPBACK_NAMES) as client:
        assert client.get("/").status_code == 421  # the test client's own name, "testserver"
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
            assert client.get("/", headers={"Host": host}).status_code == 200
        rebound = client.get("/api/instances", headers={"Host": "evil.example:8000"})
        assert rebound.status_code == 421


@pytest.mark.slow
def test_one_job_per_instance_at_a_time(tmp_path: Path) -> None:
    from kompetanse_opt.analysis.generator import generate
    from kompetanse_opt.model.loading import instance_to_data

    with web_client(tmp_path) as client:
        data = instance_to_data(generate(2, seed=1))  # its cohort stage searches a minute
        client.post("/api/instances", json={"data": data})
        job = client.post("/api/jobs", json={"instance_id": 1, "skip": ["groups", "calendar"]})
        second = client.post("/api/jobs", json={"instance_id": 1})
        assert second.status_code == 400
        assert f"job {job.json()['id']} is still running" in second.text
        assert client.post(f"/api/jobs/{job.json()['id']}/stop").status_code == 202
