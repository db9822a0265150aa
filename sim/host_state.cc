#include "sim/host_state.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/validation.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "sim/mutants.h"

namespace portres::sim {
namespace {

constexpr uint64_t kRngSalt = 0x9e3779b97f4a7c15ULL;
constexpr uint32_t kMinDynamicPorts = 255;  // KB929851 (spec §10.1, §11)

}  // namespace

HostState::HostState(uint64_t seed, const Policy& policy)
    : policy_(policy), tokens_(seed), rng_(seed ^ kRngSalt) {}

Pid HostState::Spawn(bool elevated) {
  Pid pid = next_pid_;
  next_pid_ += 4;
  processes_[pid].elevated = elevated;
  return pid;
}

absl::Status HostState::Exit(Pid pid) {
  auto it = processes_.find(pid);
  if (it == processes_.end()) {
    return absl::NotFoundError(absl::StrCat("no live process ", pid));
  }
  // Copy: closing a socket edits the process's socket set.
  std::vector<SocketId> sockets(it->second.sockets.begin(),
                                it->second.sockets.end());
  for (SocketId socket : sockets) CloseSocketRecord(socket);
  processes_.erase(pid);
  return absl::OkStatus();
}

std::vector<Pid> HostState::LiveProcesses() const {
  std::vector<Pid> pids;
  for (const auto& [pid, record] : processes_) pids.push_back(pid);
  return pids;
}

void HostState::Reboot() {
  processes_.clear();
  sockets_.clear();
  token_index_.clear();
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    PortPool& p = pool(protocol);
    if (PORTRES_MUTANT(kRebootKeepsRuntime)) {
      p.ClearBindings();
    } else {
      p.ClearRuntimeState();
    }
    // Spec M10: persistent reservations survive with new tokens.
    for (auto& [start, record] : p.mutable_reservations()) {
      if (!PORTRES_MUTANT(kRebootKeepsTokens)) record.token = NewToken();
      token_index_[record.token] = {protocol, start};
    }
  }
}

absl::StatusOr<PortRange> HostState::PlaceRuntimeBlock(
    Protocol protocol, PortRange range, absl::string_view context) {
  if (absl::Status s = internal::ValidateRuntimeRange(
          range, PORTRES_MUTANT(kOffByOneAtMaxPort) ? policy_.max_port + 1u
                                                    : policy_.max_port);
      !s.ok()) {
    return s;
  }
  PortPool& p = pool(protocol);
  if (range.start != 0) {
    if (p.OverlapsReservation(range)) {
      return WindowsError(
          PORTRES_MUTANT(kOverlapAcquireWrongCode) ? kWsaEAcces
                                                   : kWsaEAddrInUse,
          absl::StrCat(context, ": ", ToString(protocol), " ", ToString(range),
                       " overlaps a reservation"));
    }
    if (p.HasBoundPort(range)) {
      return WindowsError(
          policy_.acquire_over_bound_port_error,
          absl::StrCat(context, ": ", ToString(protocol), " ", ToString(range),
                       " contains a bound port"));
    }
    return range;
  }
  const DynamicPortRange dynamic = p.dynamic_range;
  std::optional<uint16_t> start = p.FindFreeBlock(
      dynamic.start, uint32_t{dynamic.start} + dynamic.count - 1, range.count,
      policy_.wildcard_placement, rng_);
  if (!start) {
    return WindowsError(
        policy_.wildcard_exhausted_error,
        absl::StrCat(context, ": no free block of ", range.count, " ",
                     ToString(protocol), " ports in the dynamic range"));
  }
  return PortRange{*start, range.count};
}

absl::StatusOr<Reservation> HostState::AddSystemReservation(Protocol protocol,
                                                            PortRange range) {
  absl::StatusOr<PortRange> block =
      PlaceRuntimeBlock(protocol, range, "system reservation");
  if (!block.ok()) return block.status();
  ReservationRecord record{
      .range = *block, .token = NewToken(), .kind = ReservationKind::kSystem};
  InsertReservation(protocol, record);
  return Reservation{record.range, record.token};
}

absl::Status HostState::RemoveSystemReservation(Protocol protocol,
                                                Token token) {
  const ReservationRecord* record = FindToken(token);
  if (record == nullptr || record->kind != ReservationKind::kSystem ||
      token_index_.at(token).protocol != protocol) {
    return WindowsError(
        kWsaEInval,
        absl::StrCat("remove system reservation: ", ToString(token),
                     " is not a ", ToString(protocol), " system reservation"));
  }
  EraseReservation(protocol, token);
  return absl::OkStatus();
}

DynamicPortRange HostState::GetDynamicPortRange(Protocol protocol) const {
  return pool(protocol).dynamic_range;
}

absl::Status HostState::SetDynamicPortRange(Protocol protocol,
                                            DynamicPortRange range) {
  if (range.start == 0 || range.count < kMinDynamicPorts ||
      uint32_t{range.start} + range.count - 1 > 65535) {
    return WindowsError(
        kErrorInvalidParameter,
        absl::StrCat("set dynamicport ", ToString(protocol),
                     " start=", range.start, " num=", range.count,
                     ": needs at least 255 ports ending at or below 65535"));
  }
  if (!PORTRES_MUTANT(kDynamicRangeIgnored))
    pool(protocol).dynamic_range = range;
  return absl::OkStatus();
}

std::vector<ExcludedRange> HostState::ExcludedPortRanges(
    Protocol protocol) const {
  std::vector<ExcludedRange> rows;
  for (const auto& [start, record] : pool(protocol).reservations()) {
    rows.push_back(
        {.start = start,
         .end = static_cast<uint16_t>(record.range.last()),
         .administered = record.kind == ReservationKind::kPersistent});
  }
  return rows;
}

absl::StatusOr<ProcessRecord*> HostState::CallingProcess(
    Pid pid, absl::string_view context) {
  auto it = processes_.find(pid);
  if (it == processes_.end()) {
    return WindowsError(
        kErrorInvalidHandle,
        absl::StrCat(context, ": process ", pid, " is not running"));
  }
  return &it->second;
}

absl::StatusOr<SocketRecord*> HostState::OwnSocket(Pid pid, SocketId socket,
                                                   absl::string_view context) {
  absl::StatusOr<ProcessRecord*> process = CallingProcess(pid, context);
  if (!process.ok()) return process.status();
  auto it = sockets_.find(socket);
  // Another process's handle is as meaningless as a closed one (DESIGN §4).
  if (it == sockets_.end() || it->second.owner != pid) {
    return WindowsError(kWsaENotSock,
                        absl::StrCat(context, ": handle ", socket,
                                     " is not a socket of process ", pid));
  }
  return &it->second;
}

absl::StatusOr<SocketRecord*> HostState::ReservationSocket(
    Pid pid, SocketId socket, absl::string_view context) {
  absl::StatusOr<SocketRecord*> record = OwnSocket(pid, socket, context);
  if (record.ok() && !(*record)->protocol.has_value()) {
    return WindowsError(
        kWsaEOpNotSupp,
        absl::StrCat(context, ": socket ", socket, " is neither TCP nor UDP"));
  }
  return record;
}

const ReservationRecord* HostState::FindToken(Token token) const {
  auto it = token_index_.find(token);
  if (it == token_index_.end()) return nullptr;
  const auto& reservations = pool(it->second.protocol).reservations();
  auto record = reservations.find(it->second.start);
  return record == reservations.end() ? nullptr : &record->second;
}

Token HostState::NewToken() { return tokens_.Next(); }

void HostState::InsertReservation(Protocol protocol,
                                  const ReservationRecord& record) {
  pool(protocol).AddReservation(record);
  token_index_[record.token] = {protocol, record.range.start};
}

void HostState::EraseReservation(Protocol protocol, Token token) {
  auto it = token_index_.find(token);
  if (it == token_index_.end()) return;
  pool(protocol).RemoveReservation(it->second.start);
  token_index_.erase(it);
}

void HostState::CloseSocketRecord(SocketId socket) {
  auto it = sockets_.find(socket);
  if (it == sockets_.end()) return;
  const SocketRecord& record = it->second;
  if (record.bound && record.protocol) {
    pool(*record.protocol).RemoveBinding(record.port, socket);
  }
  // Spec §3.3: closing the acquiring socket releases its reservations.
  for (Token token : record.acquired) {
    if (!PORTRES_MUTANT(kCloseKeepsReservations)) {
      EraseReservation(*record.protocol, token);
    }
  }
  if (auto owner = processes_.find(record.owner); owner != processes_.end()) {
    owner->second.sockets.erase(socket);
  }
  sockets_.erase(it);
}

}  // namespace portres::sim
