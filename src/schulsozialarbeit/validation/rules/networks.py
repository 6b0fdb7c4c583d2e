"""Networks: someone to coordinate, someone to meet, and a parent tree without loops."""

from __future__ import annotations

from collections.abc import Iterator

from ..codes import issue
from ..issues import Context, Issue


def network_staffing(context: Context) -> Iterator[Issue]:
    for i, network in enumerate(context.registry.networks):
        if not any(m.active_on(context.as_of) for m in network.memberships):
            path = f"networks[{i}].memberships"
            yield issue("network-without-members", network.id, path, as_of=context.as_of)
        if network.coordinator is None:
            yield issue("network-without-coordinator", network.id, f"networks[{i}].coordinator")


def parent_cycles(context: Context) -> Iterator[Issue]:
    """Each network on a cycle is reported with the cycle read from it, e.g. "a → b → a".

    Networks that merely hang below a cycle are not: fixing the cycle fixes them. Parents
    that are unknown or not networks end the chain; the reference rules report them.
    """
    for i, network in enumerate(context.registry.networks):
        chain, seen = [network.id], {network.id}
        parent = network.parent
        while parent is not None:
            target = context.by_id.get(parent)
            if target is None or target.collection != "networks":
                break
            if target.entity is network:
                cycle = " → ".join([*chain, network.id])
                yield issue(
                    "network-parent-cycle", network.id, f"networks[{i}].parent", cycle=cycle
                )
                break
            if target.entity.id in seen:
                break
            chain.append(target.entity.id)
            seen.add(target.entity.id)
            parent = target.entity.parent
