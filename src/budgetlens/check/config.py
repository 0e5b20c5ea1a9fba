"""Which rules run, like a linter: ``--select``/``--ignore`` by code or family, and a config
file (``budgetlens.toml`` section ``[check]`` or ``pyproject.toml`` ``[tool.budgetlens.check]``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.check.finding import Severity
from budgetlens.errors import BudgetlensError


class ConfigError(BudgetlensError):
    """The check configuration is invalid."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    lang: str = "zh"

    def enabled(self, code: str) -> bool:
        """A code runs when selected (or nothing is selected) and not ignored.

        Entries match a whole code (``SUM001``), a family (``SUM``) or ``ALL``; the most
        specific of a matching select and a matching ignore wins, like ruff.
        """
        sel = _best_match(code, self.select) if self.select else 0
        ign = _best_match(code, self.ignore)
        if sel < 0:
            return False
        return not (ign >= 0 and ign >= sel)

    def severity_of(self, code: str, default: Severity) -> Severity:
        if code in self.severity:
            return self.severity[code]
        family = code.rstrip("0123456789")
        return self.severity.get(family, default)

    def merged(self, select: list[str] | None = None, ignore: list[str] | None = None,
               lang: str | None = None) -> Config:
        """Command-line options on top of the file: --select replaces, --ignore extends."""
        return Config(
            select=[s.upper() for s in select] if select else list(self.select),
            ignore=list(self.ignore) + [s.upper() for s in ignore or []],
            severity=dict(self.severity),
            lang=lang or self.lang,
        )


def _best_match(code: str, entries: list[str]) -> int:
    """Specificity of the best entry matching ``code``: 2 code, 1 family, 0 ALL, -1 none."""
    best = -1
    family = code.rstrip("0123456789")
    for raw in entries:
        e = raw.strip().upper()
        if e == code:
            best = max(best, 2)
        elif e == family:
            best = max(best, 1)
        elif e == "ALL":
            best = max(best, 0)
    return best


def _split(value: object, key: str, path: Path) -> list[str]:
    if isinstance(value, str):
        return [v.strip().upper() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip().upper() for v in value]
    raise ConfigError(f"配置项 {key} 应为代码列表", str(path))


def from_mapping(data: dict[str, object], path: Path) -> Config:
    known = {"select", "ignore", "severity", "lang"}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"未知的配置项：{'、'.join(sorted(unknown))}", str(path))
    sev_raw = data.get("severity", {})
    if not isinstance(sev_raw, dict):
        raise ConfigError("配置项 severity 应为 代码 = 级别 的表", str(path))
    severity: dict[str, Severity] = {}
    for k, v in sev_raw.items():
        try:
            severity[str(k).upper()] = Severity(str(v))
        except ValueError:
            raise ConfigError(f"级别 {v!r} 无效（可用 error、warning、info）", str(path)) from None
    lang = data.get("lang", "zh")
    if lang not in ("zh", "en"):
        raise ConfigError(f"语言 {lang!r} 无效（可用 zh、en）", str(path))
    return Config(
        select=_split(data.get("select", []), "select", path),
        ignore=_split(data.get("ignore", []), "ignore", path),
        severity=severity,
        lang=str(lang),
    )


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Read the configuration from ``explicit`` or the nearest budgetlens.toml / pyproject.toml."""
    if explicit is not None:
        return _load_file(explicit, required=True) or Config()
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        for name in ("budgetlens.toml", "pyproject.toml"):
            cand = folder / name
            if cand.is_file():
                found = _load_file(cand, required=False)
                if found is not None:
                    return found
    return Config()


def _load_file(path: Path, required: bool) -> Config | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("配置文件不存在", str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置文件格式错误（{exc}）", str(path)) from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("budgetlens", {}).get("check")
    else:
        section = data.get("check", data if required else None)
    if section is None:
        return Config() if required else None
    if not isinstance(section, dict):
        raise ConfigError("[check] 应为表", str(path))
    return from_mapping(section, path)
