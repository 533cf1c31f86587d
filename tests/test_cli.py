"""The CLI prints text as given: locations, brackets and emoji-like codes survive; long work
reports progress; every command shares one load, report, exit path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import ingresslab
from ingresslab._cli import main
from ingresslab._tools.replay import PROGRESS_EVERY

ROOT = Path(__file__).resolve().parent.parent

REGEX_INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: re
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
spec:
  ingressClassName: nginx
  rules:
  - host: r.example.com
    http:
      paths:
      - path: /v\\[1]
        pathType: ImplementationSpecific
        backend: {service: {name: web, port: {number: 80}}}
"""


def test_a_location_at_line_100_is_not_an_emoji(tmp_path: Path) -> None:
    """Rich reads `:100:` as an emoji code unless told not to."""
    path = tmp_path / "oauth2-proxy.yaml"
    head = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports:\n  - port: 80\n"
    path.write_text(head + "#\n" * 93 + "    bogus: 1\n")  # line 100, column 5
    result = CliRunner().invoke(main, ["lint", "-f", str(path)])
    assert result.exit_code == 1
    assert f"{path}:100:5:" in result.output
    assert "\U0001f4af" not in result.output


def test_explain_prints_brackets_as_written(tmp_path: Path) -> None:
    path = tmp_path / "re.yaml"
    path.write_text(REGEX_INGRESS)
    url = "http://r.example.com/v1"
    result = CliRunner().invoke(
        main, ["route", "-f", str(path), "--controller", "nginx", "--explain", url]
    )
    assert result.exit_code == 0, result.output
    assert "^/v\\[1]" in result.output
    assert "^/v\\\\[1]" not in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["route", "http://x.test/"],
        ["diff"],
        ["trace", "--architecture", "alb-ip", "http://x.test/"],
        ["export", "alb"],
        ["export", "nginx"],
    ],
)
def test_every_command_reports_input_errors_and_exits_1(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("kind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {name: x}\n"
                    "spec: {rules: [{http: {paths: [{path: /, backend: {}}]}}]}\n")  # fmt: skip
    args = [*command[:2], "-f", str(path), *command[2:]] if command[0] == "export" else [
        command[0], "-f", str(path), *command[1:]
    ]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert f"{path}:" in result.output and "error:" in result.output


def test_migrate_compare_reports_progress() -> None:
    manifests = ingresslab.load(ROOT / "examples" / "migration" / "ingresses.yaml")
    migration = ingresslab.migrate(manifests)
    log = (ROOT / "examples" / "migration" / "access.log").read_text().splitlines()
    seen: list[int] = []
    copies = 2 * PROGRESS_EVERY // len(log) + 1
    migration.compare(log * copies, format="ingress-nginx", progress=seen.append)
    assert seen and seen[-1] == len(log) * copies
    assert seen == sorted(seen) and len(seen) > 1
