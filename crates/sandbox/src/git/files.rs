//! The demo application's files: a small Flask "users" service with its tests, Dockerfile
//! and CI workflow. Each commit of the demo history is one of these functions applied to
//! the previous tree, so the branches touch separate regions and merge cleanly in any order.

use std::collections::BTreeMap;

/// Path → content of one commit's tree.
pub type Files = BTreeMap<String, String>;

/// Where `is_broken` looks, and the line `feature/error` adds: it reads a variable the
/// Deployment does not set, so the container dies at start-up while CI (whose tests set
/// it) stays green.
pub const APP_PY: &str = "app.py";
pub const BROKEN_LINE: &str = "    url = os.environ[\"DATABASE_URL\"]";
pub const FIXED_LINE: &str = "    url = os.environ.get(\"DATABASE_URL\", \"memory://\")";

const STORE_DOC: &str = "    \"\"\"Users are kept in memory: the demo needs no database.\"\"\"\n";

const APP_HEAD: &str = r#""""Users service: a small JSON API that the demo promotes from dev to prod."""

import logging
import os

from flask import Flask, abort, jsonify, request

VERSION = os.environ.get("APP_VERSION", "dev")

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("users")


def create_store():
"#;

const APP_STORE_BODY: &str = r#"    return {
        1: {"name": "Ada Lovelace", "team": "platform"},
        2: {"name": "Grace Hopper", "team": "payments"},
        3: {"name": "Alan Turing", "team": "platform"},
    }


app = Flask(__name__)
users = create_store()


@app.get("/healthz")
def healthz():
    """Liveness and readiness probe."""
    return {"status": "ok", "version": VERSION}


"#;

const LIST_ALL: &str = r#"@app.get("/users")
def list_users():
    """All users."""
    return jsonify([{"id": user_id, **user} for user_id, user in users.items()])
"#;

const LIST_BY_TEAM: &str = r#"@app.get("/users")
def list_users():
    """All users, or those of one team with ?team=."""
    team = request.args.get("team")
    found = [
        {"id": user_id, **user}
        for user_id, user in users.items()
        if team in (None, user["team"])
    ]
    return jsonify(found)
"#;

const GET_USER: &str = r#"

@app.get("/users/<int:user_id>")
def get_user(user_id):
    """One user, or 404."""
    user = users.get(user_id)
    if user is None:
        abort(404)
    return {"id": user_id, **user}
"#;

const UPDATE_USER: &str = r#"

@app.put("/users/<int:user_id>")
def update_user(user_id):
    """Changes a user's name or team."""
    user = users.get(user_id)
    if user is None:
        abort(404)
    body = request.get_json(silent=True) or {}
    user.update({k: v for k, v in body.items() if k in ("name", "team")})
    log.info("updated user %s", user_id)
    return {"id": user_id, **user}
"#;

const CREATE_USER: &str = r#"

@app.post("/users")
def create_user():
    """Adds a user from {"name": ..., "team": ...}."""
    body = request.get_json(silent=True) or {}
    if not body.get("name"):
        abort(400)
    user_id = max(users, default=0) + 1
    users[user_id] = {"name": body["name"], "team": body.get("team", "unassigned")}
    log.info("created user %s", user_id)
    return {"id": user_id, **users[user_id]}, 201
"#;

const DELETE_USER: &str = r#"

@app.delete("/users/<int:user_id>")
def delete_user(user_id):
    """Removes a user; deleting twice is not an error."""
    users.pop(user_id, None)
    log.info("deleted user %s", user_id)
    return "", 204
"#;

const APP_MAIN: &str = r#"

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8080")))
"#;

/// How `create_store` starts: the original docstring, or the database variable (broken or
/// fixed).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Memory,
    FromEnv { fixed: bool },
}

/// Which features app.py has; every combination is a valid, black-formatted module.
#[derive(Clone, Copy)]
pub struct App {
    pub by_team: bool,
    pub update: bool,
    pub delete: bool,
    pub store: Store,
}

pub fn app_py(a: App) -> String {
    let mut s = String::from(APP_HEAD);
    match a.store {
        Store::Memory => s.push_str(STORE_DOC),
        Store::FromEnv { fixed } => {
            s.push_str("    \"\"\"Users from the database named by DATABASE_URL.\"\"\"\n");
            s.push_str(if fixed { FIXED_LINE } else { BROKEN_LINE });
            s.push_str("\n    log.info(\"loading users from %s\", url.split(\"@\")[-1])\n");
        }
    }
    s.push_str(APP_STORE_BODY);
    s.push_str(if a.by_team { LIST_BY_TEAM } else { LIST_ALL });
    s.push_str(GET_USER);
    if a.update {
        s.push_str(UPDATE_USER);
    }
    s.push_str(CREATE_USER);
    if a.delete {
        s.push_str(DELETE_USER);
    }
    s.push_str(APP_MAIN);
    s
}

const TEST_HEAD: &str = r#""""Tests of the users service API."""

import pytest

from app import app


@pytest.fixture(name="client")
def fixture_client():
    """A test client of the app."""
    app.config["TESTING"] = True
    with app.test_client() as client:
        yield client
"#;

pub const TEST_APP: &str = r#"

def test_health(client):
    """The probe answers ok."""
    assert client.get("/healthz").json["status"] == "ok"


def test_list_users(client):
    """Every seeded user is listed."""
    assert len(client.get("/users").json) >= 3


def test_get_user(client):
    """One user by id."""
    assert client.get("/users/1").json["name"] == "Ada Lovelace"


def test_missing_user(client):
    """An unknown id is a 404."""
    assert client.get("/users/999").status_code == 404


def test_create_user(client):
    """A new user gets the next id."""
    resp = client.post("/users", json={"name": "Katherine Johnson", "team": "data"})
    assert resp.status_code == 201
    assert resp.json["team"] == "data"
"#;

pub const TEST_BY_TEAM: &str = r#"

def test_list_users_by_team(client):
    """?team= keeps one team."""
    found = client.get("/users?team=platform").json
    assert {user["team"] for user in found} == {"platform"}
"#;

pub fn test_file(body: &str) -> String {
    format!("{TEST_HEAD}{body}")
}

pub const TEST_UPDATE: &str = r#"

def test_update_user(client):
    """A user moves to another team."""
    resp = client.put("/users/2", json={"team": "platform"})
    assert resp.json["team"] == "platform"


def test_update_missing_user(client):
    """An unknown id is a 404."""
    assert client.put("/users/999", json={"team": "x"}).status_code == 404
"#;

pub const TEST_DELETE: &str = r#"

def test_delete_user(client):
    """A deleted user is gone."""
    assert client.delete("/users/3").status_code == 204
    assert client.get("/users/3").status_code == 404


def test_delete_twice(client):
    """Deleting again is fine."""
    client.delete("/users/3")
    assert client.delete("/users/3").status_code == 204
"#;

/// `feature/paging`'s test, written before the code: the app does not read `?limit=` yet, so
/// the test fails and CI with it — a failed run to rehearse a job log and its errors on.
pub const TEST_PAGING: &str = r#"

def test_list_users_in_pages(client):
    """?limit= returns at most that many users."""
    assert len(client.get("/users?limit=2").json) == 2
"#;

pub const CONFTEST: &str = r#""""Test settings: the service reads its database URL at start-up."""

import os

os.environ.setdefault("DATABASE_URL", "memory://")
"#;

pub const TEST_STARTUP: &str = r#""""The service must start where DATABASE_URL is not set (as in the cluster)."""

import importlib
import os


def test_starts_without_database_url(monkeypatch):
    """No variable, no crash: the in-memory store is used."""
    monkeypatch.delitem(os.environ, "DATABASE_URL", raising=False)
    module = importlib.reload(importlib.import_module("app"))
    assert module.users
"#;

pub const README: &str = r#"# users service

A small JSON API used in the talk "image promotion between environments with GitOps,
Argo CD and Kargo". Every merge to `main` runs CI (pyright, pylint, black, snyk, tests),
builds `ghcr.io/showrunner-demo/backend:<short sha>` and pushes it; Kargo takes it from
there.

    pip install -r requirements-dev.txt
    pytest
    flask --app app run
"#;

pub const GITIGNORE: &str = "__pycache__/\n*.pyc\n.venv/\n.pytest_cache/\n";

pub const DOCKERFILE: &str = r#"FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .
USER 10001
EXPOSE 8080
CMD ["gunicorn", "--bind", "0.0.0.0:8080", "--workers", "2", "app:app"]
"#;

pub const DOCKERIGNORE: &str = ".git\n.github\ntests\n__pycache__\n";

pub fn requirements(pinned: bool) -> String {
    if pinned {
        "flask==3.1.0\ngunicorn==23.0.0\n".into()
    } else {
        "flask>=3.0\ngunicorn>=22.0\n".into()
    }
}

pub fn requirements_dev(pinned: bool) -> String {
    let tools: [(&str, &str); 4] = [
        ("pytest", "8.3.4"),
        ("pylint", "3.3.2"),
        ("black", "24.10.0"),
        ("pyright", "1.1.390"),
    ];
    let mut s = String::from("-r requirements.txt\n");
    for (name, version) in tools {
        if pinned {
            s.push_str(&format!("{name}=={version}\n"));
        } else {
            s.push_str(&format!("{name}\n"));
        }
    }
    s
}

pub const PYPROJECT: &str = r#"[tool.black]
line-length = 88

[tool.pylint.format]
max-line-length = 88

[tool.pytest.ini_options]
testpaths = ["tests"]
"#;

pub const WORKFLOW_PATH: &str = ".github/workflows/ci.yml";

/// Step names match `world::ci_steps`, which plays this workflow.
pub const WORKFLOW: &str = r#"name: CI

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read
  packages: write

env:
  IMAGE: ghcr.io/showrunner-demo/backend

jobs:
  build-and-push:
    runs-on: ubuntu-latest
    steps:
      - name: Checkout
        uses: actions/checkout@v4

      - name: pyright
        run: |
          pip install -r requirements-dev.txt
          pyright app.py

      - name: pylint
        run: pylint app.py tests

      - name: black
        run: black --check .

      - name: snyk
        uses: snyk/actions/python@master
        env:
          SNYK_TOKEN: ${{ secrets.SNYK_TOKEN }}
        with:
          args: --severity-threshold=high

      - name: test
        run: pytest

      - name: build
        run: docker build -t "$IMAGE:${GITHUB_SHA::7}" .

      - name: push
        if: github.event_name == 'push'
        run: |
          echo "${{ secrets.GITHUB_TOKEN }}" | docker login ghcr.io -u "${{ github.actor }}" --password-stdin
          docker push "$IMAGE:${GITHUB_SHA::7}"
"#;
