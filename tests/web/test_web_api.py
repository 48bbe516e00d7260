"""The JSON API through FastAPI's TestClient: every endpoint, bad input included (a 4xx with a
located message, and nothing stored). One cohort-only solve of the embedded data is shared."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kompetanse_opt.model.loading import instance_to_data
from kompetanse_opt.model.vestland import vestland_instance
from web_helpers import embedded_with_plan, wait_for_job, web_client


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("ws")
    with web_client(folder) as client:
        instance_id, job = embedded_with_plan(client)
        yield client, instance_id, job


def _versions(client: Any, instance_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/instances/{instance_id}/versions")
    assert response.status_code == 200
    result: list[dict[str, Any]] = response.json()
    return result


def _other_cohort(client: Any, instance_id: int, municipality: str) -> tuple[int, int]:
    plan = client.get(f"/api/instances/{instance_id}/versions/0/files/plan")
    assert plan.status_code == 404  # version 0 does not exist
    current = client.get(f"/api/instances/{instance_id}").json()["version"]["id"]
    data = client.get(f"/api/instances/{instance_id}/versions/{current}/files/plan").json()
    cohort = next(c["id"] for c in data["cohorts"] if municipality in c["municipalities"])
    return cohort, 2 if cohort == 1 else 1


def test_a_solve_job_runs_reports_and_stores_a_checked_plan(solved: Any) -> None:
    client, instance_id, job = solved
    assert job["state"] == "done", job
    assert job["kind"] == "solve" and job["objective"] is not None and job["version_id"]
    result = client.get(f"/api/jobs/{job['id']}/result")
    assert result.status_code == 200
    body = result.json()
    assert body["version"]["kind"] == "solve" and body["version"]["has_plan"]
    assert body["result"]["status"] == "optimal" and body["result"]["plan"]["cohorts"]
    checked = client.post("/api/check", json={"instance_id": instance_id})
    assert checked.json() == {"version_id": job["version_id"], "valid": True, "violations": []}


def test_jobs_refuse_bad_input(solved: Any) -> None:
    client, instance_id, job = solved
    jobs_before = client.get(f"/api/instances/{instance_id}/versions").json()
    bad = client.post("/api/jobs", json={"instance_id": instance_id, "time_limit": -1})
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["location"] == "body.time_limit"
    assert client.post("/api/jobs", json={"instance_id": 99}).status_code == 404
    typo = client.post("/api/jobs", json={"instance_id": instance_id, "skipp": []})
    assert typo.status_code == 422 and "skipp" in typo.json()["problems"][0]["location"]
    assert client.get("/api/jobs/999").status_code == 404
    assert client.get("/api/jobs/999/result").status_code == 404
    stop = client.post(f"/api/jobs/{job['id']}/stop")
    assert stop.status_code == 400 and "not running" in stop.json()["problems"][0]["message"]
    assert client.get(f"/api/instances/{instance_id}/versions").json() == jobs_before


def test_instances_from_data_and_bad_data(solved: Any) -> None:
    client, _, _ = solved
    before = client.get("/api/instances").json()
    data = instance_to_data(vestland_instance())
    data["cohorts"]["capacity"] = -3
    bad = client.post("/api/instances", json={"data": data})
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["location"].startswith("instance: cohorts.capacity")
    both = client.post("/api/instances", json={"embedded": True, "data": data})
    assert both.status_code == 400 and both.json()["problems"][0]["location"] == "body"
    assert client.get("/api/instances").json() == before  # nothing stored
    assert client.get("/api/instances/77").status_code == 404
    assert client.get("/api/instances/77/versions").status_code == 404


def test_preview_prices_and_checks_a_move_without_storing_it(solved: Any) -> None:
    client, instance_id, _ = solved
    before = _versions(client, instance_id)
    _, other = _other_cohort(client, instance_id, "4601")
    edit = {"op": "move_municipality", "municipality": "4601", "cohort": other}
    preview = client.post(f"/api/instances/{instance_id}/edits/preview", json={"edit": edit})
    assert preview.status_code == 200
    verdict = preview.json()
    assert not verdict["valid"]
    assert [v["rule"] for v in verdict["violations"]] == ["H2"]  # the full cohort's capacity
    assert "above capacity" in verdict["violations"][0]["message"]
    assert verdict["objective_change"] == verdict["objective_after"] - verdict["objective_before"]
    assert verdict["objective_change"] > 0 and verdict["terms_change"]["size_imbalance"] > 0
    assert _versions(client, instance_id) == before
    unknown = {"op": "move_municipality", "municipality": "9999", "cohort": 1}
    bad = client.post(f"/api/instances/{instance_id}/edits/preview", json={"edit": unknown})
    assert bad.status_code == 400
    assert bad.json()["problems"] == [
        {"location": "municipality", "message": "unknown municipality '9999'"}
    ]
    no_cohort = {"op": "move_municipality", "municipality": "4601", "cohort": 9}
    assert client.post(
        f"/api/instances/{instance_id}/edits/preview", json={"edit": no_cohort}
    ).json()["problems"][0]["message"] == ("the plan has no cohort 9")
    wrong_op = client.post(
        f"/api/instances/{instance_id}/edits/preview", json={"edit": {"op": "teleport"}}
    )
    assert wrong_op.status_code == 422
    assert _versions(client, instance_id) == before


def test_edit_undo_pin_and_publish_are_versions(solved: Any) -> None:
    client, instance_id, _ = solved
    first = _versions(client, instance_id)
    here, other = _other_cohort(client, instance_id, "4631")
    edit = {"op": "move_municipality", "municipality": "4631", "cohort": other}
    saved = client.post(f"/api/instances/{instance_id}/edits", json={"edit": edit})
    assert saved.status_code == 201
    assert saved.json()["version"]["reason"].startswith("moved municipality 4631")
    undone = client.post(f"/api/instances/{instance_id}/undo")
    assert undone.status_code == 200 and undone.json()["id"] == first[0]["id"]
    assert _other_cohort(client, instance_id, "4631")[0] == here
    pin = {"kind": "municipality", "values": {"municipality": "4631", "cohort": here}}
    pinned = client.post(f"/api/instances/{instance_id}/pins", json=pin)
    assert pinned.status_code == 201
    assert pinned.json()["pins"] == [pin | {"values": {"municipality": "4631", "cohort": here}}]
    assert client.get(f"/api/instances/{instance_id}").json()["pins"] == pinned.json()["pins"]
    published = client.post(f"/api/instances/{instance_id}/publish", json={"until": "2027-03-01"})
    assert published.status_code == 201 and published.json()["published_until"] == "2027-03-01"
    unpinned = client.post(f"/api/instances/{instance_id}/pins", json={**pin, "on": False})
    assert unpinned.json()["pins"] == []
    assert client.get(f"/api/instances/{instance_id}").json()["version"]["published_until"] == (
        "2027-03-01"
    )
    kinds = [v["kind"] for v in _versions(client, instance_id)[:4]]
    assert kinds == ["pin", "publish", "pin", "edit"]


def test_pins_publish_and_undo_refuse_bad_input(solved: Any, tmp_path: Path) -> None:
    client, instance_id, _ = solved
    before = _versions(client, instance_id)
    url = f"/api/instances/{instance_id}/pins"
    kind = client.post(url, json={"kind": "speaker", "values": {}})
    assert kind.status_code == 400 and "unknown pin kind 'speaker'" in kind.text
    values = client.post(url, json={"kind": "municipality", "values": {"municipality": "4601"}})
    assert values.status_code == 400
    assert values.json()["problems"][0]["location"] == "municipality pin: cohort"
    far = client.post(
        url, json={"kind": "municipality", "values": {"municipality": "4601", "cohort": 9}}
    )
    assert far.status_code == 400 and "pins" in far.json()["problems"][0]["location"]
    off = {"kind": "gathering", "values": {"cohort": 1, "gathering": 1, "venue": "x"}, "on": False}
    assert "no such gathering pin" in client.post(url, json=off).text
    date = client.post(f"/api/instances/{instance_id}/publish", json={"until": "soon"})
    assert date.status_code == 422 and date.json()["problems"][0]["location"] == "body.until"
    assert _versions(client, instance_id) == before
    with web_client(tmp_path) as fresh:
        created = fresh.post("/api/instances", json={"embedded": True}).json()
        undo = fresh.post(f"/api/instances/{created['id']}/undo")
        assert undo.status_code == 400 and "nothing to undo" in undo.text
        no_plan = fresh.post("/api/check", json={"instance_id": created["id"]})
        assert no_plan.status_code == 400 and "no plan yet" in no_plan.text
        replan = fresh.post("/api/replan", json={"instance_id": created["id"]})
        assert replan.status_code == 400


def test_suggest_and_explain(solved: Any) -> None:
    client, instance_id, _ = solved
    answer = client.post("/api/suggest", json={"instance_id": instance_id, "municipality": "4631"})
    assert answer.status_code == 200
    places = answer.json()["placements"]
    assert places and places[0]["valid"] and {"cohort", "objective_change"} <= set(places[0])
    unknown = client.post("/api/suggest", json={"instance_id": instance_id, "municipality": "1"})
    assert unknown.status_code == 400
    assert unknown.json()["problems"][0] == {
        "location": "municipality",
        "message": "unknown municipality '1'",
    }
    feasible = client.post("/api/explain", json={"instance_id": instance_id, "time_limit": 5})
    assert feasible.status_code == 200 and feasible.json()["feasible"] is True
    data = instance_to_data(vestland_instance())
    data["cohorts"].update(count=4, capacity=40)
    tight = client.post("/api/instances", json={"data": data}).json()
    why = client.post("/api/explain", json={"instance_id": tight["id"], "time_limit": 5}).json()
    assert why["feasible"] is False and "H2" in why["labels"]
    assert any("160 < 200" in line for line in why["lines"])
    assert client.post("/api/explain", json={"instance_id": 1, "time_limit": 0}).status_code == 422


def test_downloads_of_a_version(solved: Any) -> None:
    client, instance_id, job = solved
    base = f"/api/instances/{instance_id}/versions/{job['version_id']}/files"
    workbook = client.get(f"{base}/workbook")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert "attachment" in workbook.headers["content-disposition"]
    report = client.get(f"{base}/report")
    assert report.status_code == 200 and b"<html" in report.content[:200].lower()
    plan = json.loads(client.get(f"{base}/plan").content)
    assert plan["status"] == "optimal"
    assert json.loads(client.get(f"{base}/instance").content)["name"]
    calendars = client.get(f"{base}/calendars")
    assert calendars.status_code == 400 and "no dates" in calendars.text  # cohort-only plan
    assert client.get(f"{base}/letters").status_code == 404
    assert client.get(f"/api/instances/{instance_id}/versions/999/files/plan").status_code == 404
    first = f"/api/instances/{instance_id}/versions/1/files/workbook"
    assert client.get(first).status_code == 400  # the first version has no plan yet


def test_upload_registrations_good_and_bad(solved: Any) -> None:
    client, _, _ = solved
    before = client.get("/api/instances").json()
    bad = "kommune,målgruppe,tjenesteområde,navn\nBergen,1,helse,Kari\nBergn,1,helse,Ola\n"
    files = {"file": ("regs.csv", io.BytesIO(bad.encode()), "text/csv")}
    refused = client.post("/api/instances/upload", files=files)
    assert refused.status_code == 400
    assert refused.json()["problems"] == [
        {
            "location": "regs.csv: regs!A3",
            "message": "kommune: unknown municipality 'Bergn' (did you mean Bergen?)",
        }
    ]
    wrong = {"file": ("regs.txt", io.BytesIO(b"x"), "text/plain")}
    assert client.post("/api/instances/upload", files=wrong).status_code == 400
    assert client.get("/api/instances").json() == before  # nothing stored
    good = bad.replace("Bergn", "Voss")
    files = {"file": ("regs.csv", io.BytesIO(good.encode()), "text/csv")}
    created = client.post("/api/instances/upload", files=files)
    assert created.status_code == 201, created.text
    assert created.json()["version"]["reason"] == "registrations imported from regs.csv"


@pytest.mark.slow
def test_a_replan_job_keeps_the_pins(solved: Any) -> None:
    client, instance_id, _ = solved
    _, other = _other_cohort(client, instance_id, "4601")
    pin = {"kind": "municipality", "values": {"municipality": "4601", "cohort": other}}
    client.post(f"/api/instances/{instance_id}/pins", json=pin)
    h7 = client.post("/api/check", json={"instance_id": instance_id}).json()
    assert [v["rule"] for v in h7["violations"]] == ["H7"]
    started = client.post("/api/replan", json={"instance_id": instance_id, "time_limit": 20})
    assert started.status_code == 202 and started.json()["kind"] == "replan"
    job = wait_for_job(client, int(started.json()["id"]))
    assert job["state"] == "done", job
    assert _other_cohort(client, instance_id, "4601")[0] == other
    assert client.post("/api/check", json={"instance_id": instance_id}).json()["valid"]
    assert _versions(client, instance_id)[0]["kind"] == "replan"


@pytest.mark.slow
def test_changed_registrations_then_a_replan(solved: Any) -> None:
    client, instance_id, _ = solved
    people = vestland_instance().participants
    rows = ["participant_id,kommune,målgruppe,tjenesteområde"] + [
        f"{p.id},{p.municipality},{p.target_group},{p.service_area}"
        for p in people
        if p.municipality != "4631"  # Alver withdraws
    ]
    sheet = ("\n".join(rows) + "\n").encode()
    files = {"file": ("regs.csv", io.BytesIO(sheet), "text/csv")}
    upload = client.post("/api/instances/upload", files=files, data={"instance_id": instance_id})
    assert upload.status_code == 201, upload.text
    assert upload.json()["id"] == instance_id and not upload.json()["version"]["has_plan"]
    started = client.post("/api/replan", json={"instance_id": instance_id, "time_limit": 20})
    assert started.status_code == 202, started.text
    job = wait_for_job(client, int(started.json()["id"]))
    assert job["state"] == "done", job
    check = client.post("/api/check", json={"instance_id": instance_id}).json()
    assert check["valid"]
    version = client.get(f"/api/instances/{instance_id}").json()["version"]
    plan = client.get(f"/api/instances/{instance_id}/versions/{version['id']}/files/plan").json()
    assert all("4631" not in c["municipalities"] for c in plan["cohorts"])


def test_openapi_lists_every_operation(solved: Any) -> None:
    client, _, _ = solved
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/jobs",
        "/api/jobs/{job_id}",
        "/api/jobs/{job_id}/stop",
        "/api/jobs/{job_id}/result",
        "/api/check",
        "/api/suggest",
        "/api/explain",
        "/api/replan",
        "/api/instances/{instance_id}/edits/preview",
        "/api/instances/{instance_id}/pins",
    ):
        assert path in paths
    assert not any(p.startswith("/i/") for p in paths)  # the pages are not the API


def test_edits_need_a_plan(tmp_path: Path) -> None:
    with web_client(tmp_path) as client:
        created = client.post("/api/instances", json={"embedded": True}).json()
        edit = {"op": "move_municipality", "municipality": "4601", "cohort": 1}
        for path in ("edits", "edits/preview"):
            answer = client.post(f"/api/instances/{created['id']}/{path}", json={"edit": edit})
            assert answer.status_code == 400 and "no plan yet" in answer.text
        publish = client.post(
            f"/api/instances/{created['id']}/publish", json={"until": "2027-01-01"}
        )
        assert publish.status_code == 400
        assert len(client.get(f"/api/instances/{created['id']}/versions").json()) == 1
