"""Model versions as SageMaker model packages in the env's group: look-ups by what people type
(`3`, `approved`, `latest`, an ARN) and approval changes, the same calls for moto and AWS."""
from __future__ import annotations

from dataclasses import dataclass

from thaiocr.errors import UserError

APPROVED, PENDING, REJECTED = "Approved", "PendingManualApproval", "Rejected"


@dataclass(frozen=True)
class Version:
    """One model package, flattened to what the commands show and use."""

    arn: str
    version: int
    status: str
    created: object
    metadata: dict  # CustomerMetadataProperties
    model_data_url: str
    image: str
    description: str = ""
    approval_description: str = ""

    @property
    def label(self) -> str:
        return f"v{self.version}"

    def figure(self, key: str) -> float | None:
        try:
            return float(self.metadata[key])
        except (KeyError, TypeError, ValueError):
            return None


def group_name(outputs, env: str) -> str:
    name = getattr(outputs, "model_package_group", None)
    if not name:
        raise UserError(f"env '{env}' has no model package group in its infrastructure outputs",
                        hint=f"run 'make infra ENV={env}'")
    return name


def _version(desc: dict) -> Version:
    containers = (desc.get("InferenceSpecification") or {}).get("Containers") or [{}]
    return Version(arn=desc["ModelPackageArn"], version=int(desc.get("ModelPackageVersion") or 0),
                   status=desc.get("ModelApprovalStatus", "?"), created=desc.get("CreationTime"),
                   metadata=dict(desc.get("CustomerMetadataProperties") or {}),
                   model_data_url=containers[0].get("ModelDataUrl", ""), image=containers[0].get("Image", ""),
                   description=desc.get("ModelPackageDescription", ""),
                   approval_description=desc.get("ApprovalDescription", ""))


def describe(sm, arn: str) -> Version:
    return _version(sm.describe_model_package(ModelPackageName=arn))


def summaries(sm, group: str) -> list[dict]:
    """Every version of the group, oldest first (a missing group is a one-line error)."""
    out, kwargs = [], {"ModelPackageGroupName": group, "SortBy": "CreationTime", "SortOrder": "Ascending"}
    try:
        while True:
            page = sm.list_model_packages(**kwargs)
            out += page.get("ModelPackageSummaryList", [])
            if not page.get("NextToken"):
                break
            kwargs["NextToken"] = page["NextToken"]
    except Exception as exc:
        if "does not exist" in str(getattr(exc, "response", {}).get("Error", {}).get("Message", "")).lower():
            raise UserError(f"model package group {group} does not exist", hint="run 'make infra'") from None
        raise
    return sorted(out, key=lambda s: int(s.get("ModelPackageVersion") or 0))


def versions(sm, group: str) -> list[Version]:
    return [describe(sm, s["ModelPackageArn"]) for s in summaries(sm, group)]


def resolve(sm, group: str, spec: str | int) -> Version:
    """`3` / `v3`, `approved` (the newest approved), `latest`, or a package ARN."""
    text = str(spec).strip()
    if text.startswith("arn:"):
        return describe(sm, text)
    found = summaries(sm, group)
    if text in ("approved", "latest"):
        pool = [s for s in found if text == "latest" or s.get("ModelApprovalStatus") == APPROVED]
        if not pool:
            what = "no approved version" if text == "approved" else "no versions"
            raise UserError(f"model package group {group} has {what}",
                            hint="register one with 'make register JOB=...' and 'make approve VERSION=...'")
        return describe(sm, pool[-1]["ModelPackageArn"])
    number = text[1:] if text[:1] in "vV" else text
    if not number.isdigit():
        raise UserError(f"'{spec}' is not a model version: use a number such as 3, 'approved' or 'latest'")
    for s in found:
        if int(s.get("ModelPackageVersion") or 0) == int(number):
            return describe(sm, s["ModelPackageArn"])
    known = ", ".join(f"v{s['ModelPackageVersion']}" for s in found) or "none"
    raise UserError(f"no version {number} in model package group {group} (has {known})")


def set_status(sm, version: Version, status: str, reason: str, by: str) -> Version:
    """Approve or reject; the package's metadata is sent back whole, as moto replaces what it is given."""
    if not reason.strip():
        raise UserError("a --reason is required: it is the approval record")
    from datetime import datetime, timezone

    metadata = {**version.metadata, "decided_by": by[:256],
                "decided_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    sm.update_model_package(ModelPackageArn=version.arn, ModelApprovalStatus=status,
                            ApprovalDescription=reason[:1024], CustomerMetadataProperties=metadata)
    return describe(sm, version.arn)
