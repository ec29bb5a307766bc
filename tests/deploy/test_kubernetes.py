"""The Kubernetes manifests validate against the Kubernetes schemas and match the code."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import latest_version

from tests.deploy._settings_index import known_variables, service_settings

K8S = Path(__file__).parents[2] / "deploy" / "k8s"


def _documents() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        docs.extend((path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc)
    return docs


DOCS = _documents()


@pytest.mark.parametrize(("name", "doc"), [d for d in DOCS if d[1]["kind"] != "Kustomization"])
def test_manifest_is_valid(name: str, doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, latest_version(), strict=True)


def test_validation_catches_a_typo() -> None:
    deployment = copy.deepcopy(next(d for _, d in DOCS if d["kind"] == "Deployment"))
    deployment["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, latest_version(), strict=True)


def test_kustomization_lists_every_manifest_but_the_secret() -> None:
    kustomization = next(d for _, d in DOCS if d["kind"] == "Kustomization")
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
    assert set(kustomization["resources"]) == files


def _deployments() -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for _, d in DOCS if d["kind"] == "Deployment"}


def test_one_deployment_per_service_with_probes_and_limits() -> None:
    deployments = _deployments()
    assert set(deployments) == {f"tocsin-{s}" for s in service_settings()}
    for name, deployment in deployments.items():
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert container["args"] == ["serve", name.removeprefix("tocsin-")]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert {"cpu", "memory"} <= set(container["resources"]["limits"])
        refs = {next(iter(r.values()))["name"] for r in container["envFrom"]}
        assert refs == {"tocsin-config", "tocsin-secrets"}


def test_config_and_secret_variables_are_read_by_the_code() -> None:
    known = known_variables()
    for kind, field in (("ConfigMap", "data"), ("Secret", "stringData")):
        doc = next(d for _, d in DOCS if d["kind"] == kind)
        unknown = {k for k in doc[field] if k not in known}
        assert not unknown, f"{kind} sets variables no settings model reads: {sorted(unknown)}"
