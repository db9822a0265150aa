// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/machine_controls.h"

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "sim/sockets.h"

namespace portres::sim {
namespace {

constexpr uint32_t kMinDynamicPorts = 255;  // KB929851 (spec §10.1, §11)

}  // namespace

Pid SpawnProcess(HostState& state, bool elevated) {
  const uint32_t slot = state.processes.Allocate();
  state.processes[slot].elevated = elevated;
  return state.PidOf(slot);
}

absl::Status ExitProcess(HostState& state, Pid pid) {
  ProcessRecord* process = state.FindProcess(pid);
  if (process == nullptr) {
    return absl::NotFoundError(absl::StrCat("no live process ", pid));
  }
  while (process->first_socket != kNoSlot) {
    CloseSocketSlot(state, process->first_socket);
  }
  // The record goes: its slot returns under the next generation, so the
  // pid names nothing now.
  state.processes.Free(state.ProcessSlot(pid));
  return absl::OkStatus();
}

std::vector<Pid> LiveProcesses(const HostState& state) {
  std::vector<Pid> pids;
  for (uint32_t i = 0; i < state.processes.size(); ++i) {
    if (state.processes[i].live) pids.push_back(state.PidOf(i));
  }
  return pids;
}

void Reboot(HostState& state) {
  state.processes.FreeIf([](const ProcessRecord&) { return true; });
  state.sockets.FreeIf([](const SocketRecord&) { return true; });
  state.reservations.FreeIf([](const ReservationRecord& r) {
    return r.kind != ReservationKind::kPersistent;
  });
  for (PortPool& pool : state.pools) pool.Clear();
  // Spec M10: persistent reservations survive, under new tokens.
  for (uint32_t slot = 0; slot < state.reservations.size(); ++slot) {
    ReservationRecord& r = state.reservations[slot];
    if (!r.live) continue;
    state.reservations.Rename(slot);
    while (!state.TokenOf(slot).valid()) state.reservations.Rename(slot);
    state.pool(r.protocol).AddReservation(r.range, slot);
  }
}

absl::Status AddLocalAddress(HostState& state, const IpAddress& address) {
  const bool loopback =
      address == IpAddress::Loopback(address.family) ||
      (address.family == AddressFamily::kInet && address.bytes[0] == 127);
  if (address.IsWildcard() || address.IsV4Mapped() || loopback) {
    return WindowsError(kErrorInvalidParameter,
                        absl::StrCat("AddLocalAddress: ", ToString(address),
                                     " cannot be an interface address"));
  }
  if (absl::c_find(state.local_addresses, address) ==
      state.local_addresses.end()) {
    state.local_addresses.push_back(address);
  }
  return absl::OkStatus();
}

absl::Status SetDynamicPortRange(HostState& state, Protocol protocol,
                                 DynamicPortRange range) {
  if (range.start == 0 || range.count < kMinDynamicPorts ||
      uint32_t{range.start} + range.count - 1 > 65535) {
    return WindowsError(
        kErrorInvalidParameter,
        absl::StrCat("set dynamicport ", ToString(protocol),
                     " start=", range.start, " num=", range.count,
                     ": needs at least 255 ports ending at or below 65535"));
  }
  state.pool(protocol).dynamic_range = range;
  return absl::OkStatus();
}

std::vector<ExcludedRange> ExcludedPortRanges(const HostState& state,
                                              Protocol protocol) {
  std::vector<ExcludedRange> rows;
  state.pool(protocol).ForEachReservation([&](uint16_t start, uint32_t slot) {
    const ReservationRecord& r = state.reservations[slot];
    rows.push_back({.start = start,
                    .end = static_cast<uint16_t>(r.range.last()),
                    .administered = r.kind == ReservationKind::kPersistent});
  });
  return rows;
}

std::vector<ProcessHoldings> Holdings(const HostState& state) {
  std::vector<ProcessHoldings> rows;
  for (uint32_t index = 0; index < state.processes.size(); ++index) {
    const ProcessRecord& process = state.processes[index];
    if (!process.live) continue;
    ProcessHoldings& row = rows.emplace_back();
    row.pid = state.PidOf(index);
    row.elevated = process.elevated;
    for (uint32_t s = process.first_socket; s != kNoSlot;
         s = state.sockets[s].next_in_process) {
      const SocketRecord& socket = state.sockets[s];
      row.sockets.push_back({.handle = socket.handle,
                             .protocol = socket.protocol,
                             .bound = socket.bound,
                             .port = socket.port});
      for (uint32_t r = socket.first_acquired; r != kNoSlot;
           r = state.reservations[r].next_acquired) {
        const ReservationRecord& reservation = state.reservations[r];
        row.reservations.push_back({.protocol = reservation.protocol,
                                    .range = reservation.range,
                                    .token = state.TokenOf(r),
                                    .socket = socket.handle});
      }
    }
  }
  return rows;
}

}  // namespace portres::sim
