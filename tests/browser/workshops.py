"""Set up workshops for the browser tests in the same SQLite file the test server uses."""
from __future__ import annotations

from pathlib import Path

from ndl_explain.scenarios import load_scenarios
from ndl_explain import CONTENT_DIR
from ndl_explain.workshop.service import CreatedWorkshop, WorkshopService
from ndl_explain.workshop.store import SQLITE_FILE_NAME, WorkshopStore


def service_for(data_dir: Path) -> WorkshopService:
    """The workshop service over the server's database (conftest starts the server with
    NDL_DATA_DIR=data_dir and without NDL_DATABASE_URL, so this is the same file)."""
    return WorkshopService(WorkshopStore(f"sqlite:///{(data_dir / SQLITE_FILE_NAME).resolve()}"))


def scenario_ids() -> list[str]:
    return sorted(load_scenarios(CONTENT_DIR, "en"))


def create(data_dir: Path, activities: list[str], title: str = "Browser test") -> tuple[WorkshopService, CreatedWorkshop]:
    service = service_for(data_dir)
    scenarios = scenario_ids()[:2] if "comfort" in activities or "benefit" in activities else []
    return service, service.create_workshop(title, activities, scenarios)
