// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "tests/differential/differential.h"

#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "portres/status.h"
#include "portres/testing/forwarding_port_reservations.h"
#include "portres/testing/free_ports.h"
#include "portres/types.h"
#include "portres/windows_codes.h"

namespace portres::testkit {
namespace {

enum class Op { kOpen, kClose, kBind, kAcquire, kRelease, kAssociate };
constexpr int kOps = 6;
const char* Name(Op op) {
  static const char* kNames[] = {"Open",    "Close",   "Bind",
                                 "Acquire", "Release", "Associate"};
  return kNames[static_cast<int>(op)];
}

// A value neither side hands out as a socket (not a multiple of 4), used
// when a sequence has no open socket.
constexpr SocketId kNoSocket = 4242;
constexpr uint32_t kNoCode = ~0u;  // a failure without a Windows code

// A declared difference: the reference gives `reference`, the subject
// `subject`, and the reason is a U row whose policy switch offers the
// subject's answer as the alternative.
struct Tolerated {
  Op op;
  uint32_t reference;
  uint32_t subject;
  const char* why;
};
constexpr Tolerated kTolerated[] = {
    {Op::kBind, kWsaEAcces, 0,
     "U2: the owner binds into its own block unassociated "
     "(runtime_blocks_owner_unassociated_bind = false)"},
    {Op::kAssociate, kWsaEInval, 0,
     "U7: a second associate replaces the first (reassociate_replaces)"},
    {Op::kBind, kWsaENoBufs, kWsaEAddrInUse,
     "U8: bind(0) in a full block (associated_bind_exhausted_error)"},
    {Op::kAcquire, kWsaENoBufs, kWsaEAddrInUse,
     "U6: no room for a wildcard block (wildcard_exhausted_error)"},
};

const Tolerated* Declared(Op op, uint32_t reference, uint32_t subject) {
  for (const Tolerated& t : kTolerated) {
    if (t.op == op && t.reference == reference && t.subject == subject) {
      return &t;
    }
  }
  return nullptr;
}

// A decision the subject may have taken otherwise: a U row's policy switch,
// and the values it may take besides the default.
struct Decision {
  const char* row;
  const char* name;
  void (*set)(sim::Policy&, int alternative);
  int alternatives;
};
constexpr uint32_t kCodeAlternatives[] = {kWsaEAddrInUse, kWsaEAcces,
                                          kWsaEInval, kWsaENoBufs};
constexpr int kCodes = 4;
constexpr Decision kDecisions[] = {
    {"U2", "runtime_blocks_owner_unassociated_bind",
     [](sim::Policy& p, int) {
       p.runtime_blocks_owner_unassociated_bind =
           !p.runtime_blocks_owner_unassociated_bind;
     },
     1},
    {"U5", "acquire_over_bound_port_error",
     [](sim::Policy& p, int i) {
       p.acquire_over_bound_port_error = kCodeAlternatives[i];
     },
     kCodes},
    {"U6", "wildcard_exhausted_error",
     [](sim::Policy& p, int i) {
       p.wildcard_exhausted_error = kCodeAlternatives[i];
     },
     kCodes},
    {"U7", "reassociate_replaces",
     [](sim::Policy& p, int) { p.reassociate_replaces = !p.reassociate_replaces; },
     1},
    {"U8", "associated_bind_exhausted_error",
     [](sim::Policy& p, int i) {
       p.associated_bind_exhausted_error = kCodeAlternatives[i];
     },
     kCodes},
    {"U9", "bind_outside_reservation_error",
     [](sim::Policy& p, int i) {
       p.bind_outside_reservation_error = kCodeAlternatives[i];
     },
     kCodes},
    {"U11", "release_foreign_token_error",
     [](sim::Policy& p, int i) {
       p.release_foreign_token_error = kCodeAlternatives[i];
     },
     kCodes},
    {"U12", "stale_association_bind_error",
     [](sim::Policy& p, int i) {
       p.stale_association_bind_error = kCodeAlternatives[i];
     },
     kCodes},
};

// One generated call.
struct Call {
  Op op;
  int socket;  // index into the open sockets
  int token;   // index into the blocks acquired so far
  uint16_t port;
  uint16_t count;
};

// One backend's side of a sequence.
struct Side {
  PortReservations* ports;
  std::vector<SocketId> sockets;     // open, in opening order
  std::vector<int> associated;       // per open socket: block index or -1
  std::vector<Reservation> blocks;   // every block acquired, by index
};

// What one call gave on one side.
struct Outcome {
  uint32_t code = kNoCode;
  uint16_t port = 0;  // Bind
  Reservation block;  // Acquire
};

uint32_t CodeOf(const absl::Status& status) {
  return WindowsErrorCode(status).value_or(kNoCode);
}

SocketId SocketAt(const Side& side, int i) {
  return side.sockets.empty() ? kNoSocket
                              : side.sockets[i % side.sockets.size()];
}
Token TokenAt(const Side& side, int i) {
  return side.blocks.empty() ? Token(1)
                             : side.blocks[i % side.blocks.size()].token;
}

Outcome Run(Side& side, const Call& c) {
  Outcome out;
  const SocketId socket = SocketAt(side, c.socket);
  switch (c.op) {
    case Op::kOpen: {
      absl::StatusOr<SocketId> s = side.ports->OpenSocket(
          AddressFamily::kInet, SocketType::kDatagram, 0);
      out.code = CodeOf(s.status());
      if (s.ok()) {
        side.sockets.push_back(*s);
        side.associated.push_back(-1);
      }
      break;
    }
    case Op::kClose:
      out.code = CodeOf(side.ports->CloseSocket(socket));
      break;
    case Op::kBind: {
      absl::StatusOr<uint16_t> port = side.ports->Bind(socket, kIpv4Any, c.port);
      out.code = CodeOf(port.status());
      out.port = port.value_or(0);
      break;
    }
    case Op::kAcquire: {
      absl::StatusOr<Reservation> r =
          side.ports->Acquire(socket, {c.port, c.count});
      out.code = CodeOf(r.status());
      if (r.ok()) out.block = *r;
      break;
    }
    case Op::kRelease:
      out.code = CodeOf(side.ports->Release(socket, TokenAt(side, c.token)));
      break;
    case Op::kAssociate:
      out.code = CodeOf(side.ports->Associate(socket, TokenAt(side, c.token)));
      break;
  }
  return out;
}

// After a call that succeeded on both sides: its values obey the rules on
// each side; then both sides' bookkeeping advances. Returns what is wrong,
// or "".
std::string CheckAndRecord(Side& reference, Side& subject, const Call& c,
                           const Outcome& ref, const Outcome& sub) {
  std::string wrong;
  const int index =
      reference.sockets.empty()
          ? -1
          : static_cast<int>(c.socket % reference.sockets.size());
  switch (c.op) {
    case Op::kOpen:
      break;
    case Op::kClose:
      for (Side* side : {&reference, &subject}) {
        side->sockets.erase(side->sockets.begin() + index);
        side->associated.erase(side->associated.begin() + index);
      }
      break;
    case Op::kBind:
      for (auto [side, out, name] :
           {std::tuple{&reference, &ref, "reference"},
            std::tuple{&subject, &sub, "subject"}}) {
        const int block = side->associated[index];
        if (c.port != 0 && out->port != c.port) {
          absl::StrAppend(&wrong, name, " bound port ", out->port,
                          " for an explicit ", c.port, "; ");
        } else if (c.port == 0 && block >= 0 &&
                   !side->blocks[block].range.Contains(out->port)) {
          absl::StrAppend(&wrong, name, "'s bind(0) got ", out->port,
                          " outside its associated block ",
                          ToString(side->blocks[block].range), "; ");
        } else if (out->port == 0) {
          absl::StrAppend(&wrong, name, " bound port 0; ");
        }
      }
      break;
    case Op::kAcquire:
      for (auto [side, out, name] :
           {std::tuple{&reference, &ref, "reference"},
            std::tuple{&subject, &sub, "subject"}}) {
        const PortRange got = out->block.range;
        const bool right = c.port != 0
                               ? got == PortRange{c.port, c.count}
                               : got.count == c.count && got.start != 0 &&
                                     got.last() <= 65535;
        if (!right || !out->block.token.valid()) {
          absl::StrAppend(&wrong, name, " acquired ", ToString(got), " ",
                          ToString(out->block.token), " for ",
                          ToString(PortRange{c.port, c.count}), "; ");
        }
        side->blocks.push_back(out->block);
      }
      break;
    case Op::kRelease:
      break;
    case Op::kAssociate:
      for (Side* side : {&reference, &subject}) {
        side->associated[index] =
            static_cast<int>(c.token % side->blocks.size());
      }
      break;
  }
  return wrong;
}

std::string Describe(const Call& c, const Outcome& ref, const Outcome& sub) {
  return absl::StrCat("  ", Name(c.op), "(socket=", c.socket,
                      ", token=", c.token, ", port=", c.port,
                      ", count=", c.count, ") reference=", ref.code,
                      " subject=", sub.code, "\n");
}

// Owns the host its process lives on.
struct HostAndProcess {
  std::unique_ptr<sim::Host> host;
  std::unique_ptr<PortReservations> process;
};
class SimulatedProcess : private HostAndProcess,
                         public ForwardingPortReservations {
 public:
  explicit SimulatedProcess(HostAndProcess parts)
      : HostAndProcess(std::move(parts)),
        ForwardingPortReservations(*HostAndProcess::process) {}
};

// The decision (row and switch) whose alternative, on a fresh simulator,
// answers every call of `calls` with the code the subject gave; "" if none.
std::string ExplainingDecision(const PolicyFactory& alternative,
                               const std::vector<Call>& calls,
                               const std::vector<uint32_t>& subject_codes) {
  for (const Decision& d : kDecisions) {
    for (int i = 0; i < d.alternatives; ++i) {
      sim::Policy policy;
      d.set(policy, i);
      std::unique_ptr<PortReservations> simulated = alternative(policy);
      Side side{simulated.get()};
      bool same = true;
      for (size_t step = 0; same && step < calls.size(); ++step) {
        const Outcome out = Run(side, calls[step]);
        same = out.code == subject_codes[step];
        if (same && out.code == 0) {
          // Keep this side's bookkeeping as CheckAndRecord would.
          const Call& c = calls[step];
          const int index =
              side.sockets.empty()
                  ? -1
                  : static_cast<int>(c.socket % side.sockets.size());
          if (c.op == Op::kClose) {
            side.sockets.erase(side.sockets.begin() + index);
            side.associated.erase(side.associated.begin() + index);
          } else if (c.op == Op::kAcquire) {
            side.blocks.push_back(out.block);
          } else if (c.op == Op::kAssociate) {
            side.associated[index] =
                static_cast<int>(c.token % side.blocks.size());
          }
        }
      }
      if (same) {
        return absl::StrCat(d.row, " (", d.name,
                            d.alternatives > 1
                                ? absl::StrCat(" = ", kCodeAlternatives[i])
                                : std::string(" flipped"),
                            ")");
      }
    }
  }
  return "";
}

}  // namespace

std::unique_ptr<PortReservations> NewSimulatedProcess(
    const sim::HostOptions& options, bool elevated) {
  HostAndProcess parts{std::make_unique<sim::Host>(options), nullptr};
  parts.process =
      parts.host->Process(parts.host->SpawnProcess({.elevated = elevated}));
  return std::make_unique<SimulatedProcess>(std::move(parts));
}

absl::StatusOr<DifferentialReport> RunDifferential(
    const ReferenceFactory& reference, PortReservations& subject,
    const DifferentialOptions& options) {
  absl::StatusOr<uint16_t> first =
      FindFreePorts(subject, static_cast<uint16_t>(options.window));
  if (!first.ok()) return first.status();
  const PortRange window{*first, static_cast<uint16_t>(options.window)};
  std::mt19937_64 random(options.seed);
  DifferentialReport report;
  for (int sequence = 0; sequence < options.sequences; ++sequence) {
    std::unique_ptr<PortReservations> simulated = reference();
    Side ref_side{simulated.get()}, sub_side{&subject};
    std::string trace;
    std::vector<Call> calls;
    std::vector<uint32_t> subject_codes;
    for (int step = 0; step < options.steps; ++step) {
      Call c;
      c.op = static_cast<Op>(random() % kOps);
      c.socket = static_cast<int>(random() % 8);
      c.token = static_cast<int>(random() % 8);
      c.port = static_cast<uint16_t>(
          random() % 4 == 0 ? 0 : window.start + random() % window.count);
      c.count = static_cast<uint16_t>(1 + random() % 4);
      const Outcome ref = Run(ref_side, c);
      const Outcome sub = Run(sub_side, c);
      calls.push_back(c);
      subject_codes.push_back(sub.code);
      absl::StrAppend(&trace, Describe(c, ref, sub));
      ++report.compared;
      std::string wrong;
      if (ref.code == sub.code) {
        if (ref.code != 0) continue;
        wrong = CheckAndRecord(ref_side, sub_side, c, ref, sub);
        if (wrong.empty()) continue;
      } else if (const Tolerated* t = Declared(c.op, ref.code, sub.code)) {
        report.tolerated.push_back(
            absl::StrCat("sequence ", sequence, " step ", step, ": ",
                         Name(c.op), " reference=", ref.code,
                         " subject=", sub.code, " (", t->why, ")"));
        if (ref.code != 0 && sub.code != 0) continue;  // neither changed
        break;  // one side changed, the other did not: the states differ
      }
      if (options.record_decision_differences && ref.code != sub.code) {
        const PolicyFactory alternative =
            options.alternative ? options.alternative
                                : [](const sim::Policy& policy) {
                                    return NewSimulatedProcess({.policy = policy});
                                  };
        const std::string row =
            ExplainingDecision(alternative, calls, subject_codes);
        if (!row.empty()) {
          report.decided_otherwise.push_back(absl::StrCat(
              "sequence ", sequence, " step ", step, ": ", Name(c.op),
              " reference=", ref.code, " subject=", sub.code,
              ", as the alternative of ", row, " answers\n", trace));
          break;  // the states may differ from here on
        }
      }
      report.failures.push_back(absl::StrCat("sequence ", sequence,
                                             " diverged at step ", step, ": ",
                                             wrong, "\n", trace));
      break;
    }
    for (SocketId s : sub_side.sockets) (void)subject.CloseSocket(s);
  }
  return report;
}

}  // namespace portres::testkit
