// HostState::CheckInvariants and the canonical dumps.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sim/host_state.h"

namespace portres::sim {
namespace {

absl::string_view KindName(ReservationKind kind) {
  switch (kind) {
    case ReservationKind::kRuntime:
      return "runtime";
    case ReservationKind::kPersistent:
      return "persistent";
    case ReservationKind::kSystem:
      return "system";
  }
  return "?";
}

absl::Status Broken(absl::string_view what) {
  return absl::InternalError(absl::StrCat("invariant broken: ", what));
}

}  // namespace

absl::Status HostState::CheckInvariants() const {
  size_t reservations = 0;
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    const PortPool& p = pool(protocol);
    const std::string name = ToString(protocol);
    uint32_t next_free = 1;  // the lowest port the next block may start at
    for (const auto& [start, r] : p.reservations()) {
      ++reservations;
      if (start != r.range.start || r.range.count == 0 || r.range.start == 0 ||
          r.range.last() > 65535) {
        return Broken(absl::StrCat(name, " reservation ", ToString(r.range),
                                   " is malformed or misfiled"));
      }
      if (start < next_free) {
        return Broken(absl::StrCat(name, " reservation ", ToString(r.range),
                                   " overlaps its predecessor"));
      }
      next_free = r.range.last() + 1;
      auto indexed = token_index_.find(r.token);
      if (!r.token.valid() || indexed == token_index_.end() ||
          indexed->second.protocol != protocol ||
          indexed->second.start != start) {
        return Broken(absl::StrCat(name, " reservation ", ToString(r.range),
                                   " is not indexed by its token"));
      }
      if (r.kind == ReservationKind::kRuntime) {
        auto socket = sockets_.find(r.owner_socket);
        if (socket == sockets_.end() || socket->second.owner != r.owner ||
            !processes_.contains(r.owner) ||
            std::find(socket->second.acquired.begin(),
                      socket->second.acquired.end(),
                      r.token) == socket->second.acquired.end()) {
          return Broken(absl::StrCat(name, " runtime reservation ",
                                     ToString(r.range),
                                     " has no live owner socket"));
        }
      }
    }
    if (!p.FreeSpaceIndexIsConsistent()) {
      return Broken(absl::StrCat(name,
                                 " free-space index disagrees with the "
                                 "reservations and bound ports"));
    }
    for (const auto& [port, binding] : p.bindings()) {
      if (binding.sockets.empty() ||
          (binding.sockets.size() > 1 && !binding.group.valid())) {
        return Broken(absl::StrCat(name, " port ", port,
                                   " is shared outside a reservation"));
      }
      for (SocketId id : binding.sockets) {
        auto socket = sockets_.find(id);
        if (socket == sockets_.end() || !socket->second.bound ||
            socket->second.port != port ||
            socket->second.protocol != protocol ||
            socket->second.bind_group != binding.group) {
          return Broken(absl::StrCat(name, " port ", port, " lists socket ", id,
                                     " which is not bound there"));
        }
      }
    }
  }
  if (reservations != token_index_.size()) {
    return Broken("the token index names reservations that do not exist");
  }
  for (const auto& [id, socket] : sockets_) {
    auto process = processes_.find(socket.owner);
    if (process == processes_.end() || !process->second.sockets.contains(id)) {
      return Broken(absl::StrCat("socket ", id, " has no live owner"));
    }
    if (socket.bound && socket.protocol) {
      const Binding* binding = pool(*socket.protocol).BindingAt(socket.port);
      if (binding == nullptr ||
          std::find(binding->sockets.begin(), binding->sockets.end(), id) ==
              binding->sockets.end()) {
        return Broken(absl::StrCat("bound socket ", id,
                                   " is missing from port ", socket.port));
      }
    }
    for (Token token : socket.acquired) {
      const ReservationRecord* r = FindToken(token);
      if (r == nullptr || r->owner_socket != id) {
        return Broken(absl::StrCat("socket ", id, " lists ", ToString(token),
                                   " which it does not hold"));
      }
    }
  }
  for (const auto& [pid, process] : processes_) {
    for (SocketId id : process.sockets) {
      auto socket = sockets_.find(id);
      if (socket == sockets_.end() || socket->second.owner != pid) {
        return Broken(absl::StrCat("process ", pid, " lists socket ", id,
                                   " it does not own"));
      }
    }
  }
  return absl::OkStatus();
}

std::string HostState::DumpPools() const {
  std::string out;
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    const PortPool& p = pool(protocol);
    absl::StrAppend(&out, ToString(protocol), " dynamic ",
                    p.dynamic_range.start, "+", p.dynamic_range.count, "\n");
    for (const auto& [start, r] : p.reservations()) {
      absl::StrAppend(&out, "  ", KindName(r.kind), " ", ToString(r.range), " ",
                      ToString(r.token), " owner=", r.owner,
                      " socket=", r.owner_socket, "\n");
    }
    for (const auto& [port, binding] : p.bindings()) {
      absl::StrAppend(&out, "  bound ", port, " group=", binding.group.value(),
                      " sockets=", absl::StrJoin(binding.sockets, ","), "\n");
    }
  }
  return out;
}

std::string HostState::DumpState() const {
  std::string out =
      absl::StrCat("tokens_issued=", tokens_.issued(), " next_pid=", next_pid_,
                   " next_socket=", next_socket_, "\n");
  for (const auto& [pid, process] : processes_) {
    absl::StrAppend(&out, "process ", pid, " elevated=", process.elevated,
                    "\n");
  }
  std::vector<SocketId> ids;
  for (const auto& [id, s] : sockets_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (SocketId id : ids) {
    const SocketRecord& s = sockets_.at(id);
    absl::StrAppend(
        &out, "socket ", id, " pid=", s.owner,
        " family=", static_cast<int>(s.family),
        " type=", static_cast<int>(s.type),
        " pool=", s.protocol ? ToString(*s.protocol) : "raw",
        " bound=", s.bound, ":", s.port, " associated=", s.associated.value(),
        " group=", s.bind_group.value(), " acquired=",
        absl::StrJoin(
            s.acquired, ",",
            [](std::string* o, Token t) { absl::StrAppend(o, t.value()); }),
        "\n");
  }
  absl::StrAppend(&out, DumpPools());
  return out;
}

}  // namespace portres::sim
