// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "tests/model/commands.h"

#include <algorithm>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portres/operations.h"
#include "portres/status.h"
#include "tests/model/generators.h"

namespace portres::testkit {
namespace {

using model::Model;
using model::Result;

// Every command's text comes from here: "Name(key=value, ...)", the name
// being the operation's (portres/operations.h) except for SwitchProcess,
// which only the model has.
void Show(std::ostream& os, absl::string_view name,
          std::initializer_list<std::pair<const char*, std::string>> args) {
  os << name << "("
     << absl::StrJoin(args, ", ",
                      [](std::string* out, const auto& arg) {
                        absl::StrAppend(out, arg.first, "=", arg.second);
                      })
     << ")";
}
std::string Str(PortRange r) { return absl::StrCat(r.start, "+", r.count); }
std::string Str(Protocol p) { return ToString(p); }
std::string Str(int v) { return absl::StrCat(v); }
std::string Str(bool v) { return v ? "true" : "false"; }

// Asserts the call's Windows code equals the model's, and that the model's
// code is one the operation can give (portres/operations.h): the model, the
// simulator and the shared table must all agree.
void CheckCode(Operation operation, const absl::Status& status,
               uint32_t expected) {
  if (expected != 0 && !IsFailureCode(operation, expected) &&
      !IsInjectableCode(operation, expected)) {
    RC_FAIL(absl::StrCat("the model expects ", OperationName(operation),
                         " to fail with ", expected,
                         ", which portres/operations.h does not list"));
  }
  const uint32_t actual = WindowsErrorCode(status).value_or(~0u);
  if (actual != expected) {
    RC_FAIL(absl::StrCat("expected Windows code ", expected, ", got ",
                         status.ToString()));
  }
}

void CheckInvariants(ModelSut& sut) { sut.CheckInvariants(); }

// ---- Machine controls ----

struct SpawnProcess : ModelCommand {
  bool elevated = *rc::gen::arbitrary<bool>();
  void apply(Model& m) const override { model::Spawn(m, elevated); }
  void run(const Model&, ModelSut& sut) const override {
    sut.AddProcess(sut.machine().SpawnProcess(elevated));
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kSpawnProcess),
         {{"elevated", Str(elevated)}});
  }
};

struct ExitProcess : ModelCommand {
  int process;
  explicit ExitProcess(const Model& m) : process(*PickProcess(m)) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(process < static_cast<int>(m.processes.size()));
  }
  void apply(Model& m) const override { model::Exit(m, process); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const bool expect_ok = model::Exit(next, process).code == 0;
    RC_ASSERT(sut.machine().ExitProcess(sut.pid(process)).ok() == expect_ok);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kExitProcess),
         {{"process", Str(process)}});
  }
};

struct SwitchProcess : ModelCommand {
  int process;
  // Leans toward a live process of the other elevation, where access rules
  // (5, WSAEACCES) change.
  explicit SwitchProcess(const Model& m) : process(*PickSwitchTarget(m)) {}
  static rc::Gen<int> PickSwitchTarget(const Model& m) {
    std::vector<int> flip;
    for (int i = 0; i < static_cast<int>(m.processes.size()); ++i) {
      if (m.processes[i].alive &&
          m.processes[i].elevated != m.processes[m.current].elevated) {
        flip.push_back(i);
      }
    }
    if (flip.empty()) return PickProcess(m);
    return rc::gen::weightedOneOf<int>(
        {{1, PickProcess(m)}, {2, rc::gen::elementOf(flip)}});
  }
  void checkPreconditions(const Model& m) const override {
    RC_PRE(process < static_cast<int>(m.processes.size()));
  }
  void apply(Model& m) const override { model::Switch(m, process); }
  void show(std::ostream& os) const override {
    Show(os, "SwitchProcess", {{"process", Str(process)}});
  }
};

struct Reboot : ModelCommand {
  void apply(Model& m) const override { model::Reboot(m); }
  void run(const Model&, ModelSut& sut) const override {
    sut.machine().Reboot();
    sut.AddProcess(sut.machine().SpawnProcess(false));
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kReboot), {});
  }
};

struct AddSystemReservation : ModelCommand {
  Protocol protocol;
  PortRange range;
  // Sometimes the whole dynamic range, so that exhaustion (WSAENOBUFS) is
  // reachable, or exactly what is left of it, which fits only as one run
  // across the free-space index (U18 first fit at its edge).
  explicit AddSystemReservation(const Model& m)
      : protocol(*PickProtocol()),
        range(*rc::gen::weightedOneOf<PortRange>(
            {{6, PickRange(m, /*allow_wildcard=*/true)},
             {1, rc::gen::just(PortRange{
                     0, m.dynamic[static_cast<int>(protocol)].count})},
             {1, rc::gen::just(PortRange{0, FreeDynamicPorts(m, protocol)})}})) {}
  void apply(Model& m) const override { model::AddSystem(m, protocol, range); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::AddSystem(next, protocol, range);
    absl::StatusOr<Reservation> r =
        sut.machine().AddSystemReservation(protocol, range);
    CheckCode(Operation::kAddSystemReservation, r.status(), expected.code);
    if (r.ok()) {
      RC_ASSERT(r->range == expected.range);
      sut.RecordToken(expected, r->token);
    }
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kAddSystemReservation),
         {{"protocol", Str(protocol)}, {"range", Str(range)}});
  }
};

struct SetDynamicRange : ModelCommand {
  Protocol protocol = *PickProtocol();
  uint16_t start = *rc::gen::elementOf(
      std::vector<uint16_t>{kWindow, kWindow + 10, 49152, 0});
  uint16_t count =
      *rc::gen::elementOf(std::vector<uint16_t>{255, 256, 254, 16384});
  void apply(Model& m) const override {
    model::SetDynamic(m, protocol, start, count);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::SetDynamic(next, protocol, start, count);
    CheckCode(Operation::kSetDynamicPortRange,
              sut.machine().SetDynamicPortRange(protocol, start, count),
              expected.code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kSetDynamicPortRange),
         {{"protocol", Str(protocol)},
          {"start", Str(start)},
          {"count", Str(count)}});
  }
};

// The machine reboots as another machine: Windows of another build, or
// Wine (PF1, PF2, PF3). Only for machines that can.
struct SwitchProfile : ModelCommand {
  absl::string_view profile =
      *rc::gen::element<absl::string_view>("windows", "windows-1803", "wine-8");
  void checkPreconditions(const Model& m) const override {
    RC_PRE(m.can_switch_profiles);
  }
  void apply(Model& m) const override {
    model::SwitchProfile(m, profile == "wine-8");
  }
  void run(const Model&, ModelSut& sut) const override {
    absl::Status switched = sut.machine().RebootInto(profile);
    if (!switched.ok()) RC_FAIL(std::string(switched.message()));
    sut.AddProcess(sut.machine().SpawnProcess(false));
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "RebootInto", {{"profile", std::string(profile)}});
  }
};

// The next call of an operation fails with one of the codes Windows
// documents for it (FI1, FI2).
struct InjectFault : ModelCommand {
  Operation operation = *rc::gen::element(
      Operation::kOpenSocket, Operation::kCloseSocket, Operation::kBind,
      Operation::kSetOption, Operation::kGetOption, Operation::kAcquire,
      Operation::kRelease, Operation::kAssociate, Operation::kCreatePersistent,
      Operation::kDeletePersistent, Operation::kLookupPersistent);
  uint32_t code = *rc::gen::elementOf(std::vector<uint32_t>(
      InjectableCodes(operation).begin(), InjectableCodes(operation).end()));
  void checkPreconditions(const Model& m) const override {
    RC_PRE(!m.fault.has_value());
  }
  void apply(Model& m) const override {
    model::ScheduleFault(m, operation, code);
  }
  void run(const Model&, ModelSut& sut) const override {
    absl::Status scheduled = sut.faults().FailNext(operation, code);
    if (!scheduled.ok()) RC_FAIL(std::string(scheduled.message()));
  }
  void show(std::ostream& os) const override {
    Show(os, "InjectFault",
         {{"operation", std::string(OperationName(operation))},
          {"code", Str(static_cast<int>(code))}});
  }
};

// ---- The current process's calls ----

struct OpenSocket : ModelCommand {
  bool v6 = *rc::gen::arbitrary<bool>();
  SocketType type =
      *rc::gen::weightedElement<SocketType>({{4, SocketType::kStream},
                                             {4, SocketType::kDatagram},
                                             {1, SocketType::kRaw}});
  int protocol = *rc::gen::weightedElement<int>(
      {{8, 0}, {1, kIpProtoTcp}, {1, kIpProtoUdp}, {1, 99}});
  OpenSocket() = default;
  // Half the time, when a socket is bound, a socket of the same type: one
  // that can meet it on its port (spec §16).
  explicit OpenSocket(const Model& m) {
    std::vector<SocketType> bound_types;
    for (const model::Socket& s : m.sockets) {
      if (s.open && s.bound && s.protocol) {
        bound_types.push_back(*s.protocol == Protocol::kTcp
                                  ? SocketType::kStream
                                  : SocketType::kDatagram);
      }
    }
    if (!bound_types.empty() && *rc::gen::arbitrary<bool>()) {
      type = *rc::gen::elementOf(bound_types);
      protocol = 0;
    }
  }
  void apply(Model& m) const override { model::Open(m, v6, type, protocol); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::Open(next, v6, type, protocol);
    absl::StatusOr<SocketId> s = sut.Current(m).OpenSocket(
        v6 ? AddressFamily::kInet6 : AddressFamily::kInet, type, protocol);
    CheckCode(Operation::kOpenSocket, s.status(), expected.code);
    if (s.ok()) sut.AddSocket(expected.handle, *s);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    const char* types[] = {"stream", "datagram", "raw"};
    Show(os, OperationName(Operation::kOpenSocket),
         {{"v6", Str(v6)},
          {"type", types[static_cast<int>(type)]},
          {"protocol", Str(protocol)}});
  }
};

// Commands on one socket check that the index still exists after shrinking.
struct SocketCommand : ModelCommand {
  int socket;
  explicit SocketCommand(const Model& m) : socket(*PickSocket(m)) {}
  explicit SocketCommand(int s) : socket(s) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(socket < static_cast<int>(m.sockets.size()));
  }
};

struct CloseSocket : SocketCommand {
  using SocketCommand::SocketCommand;
  void apply(Model& m) const override { model::Close(m, socket); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    CheckCode(Operation::kCloseSocket,
              sut.Current(m).CloseSocket(sut.socket(socket)),
              model::Close(next, socket).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kCloseSocket), {{"socket", Str(socket)}});
  }
};

struct Bind : SocketCommand {
  IpAddress address;
  uint16_t port;
  explicit Bind(const Model& m) : Bind(m, *PickBind(m)) {}
  Bind(const Model& m, std::pair<int, uint16_t> args)
      : SocketCommand(args.first),
        address(*PickAddress(m, args.first, args.second)),
        port(args.second) {}

  // Any socket and port, or often an associated unbound socket with port 0
  // or a port of its reservation (spec §4.3, U26 sharing).
  static rc::Gen<std::pair<int, uint16_t>> PickBind(const Model& m) {
    const auto any = rc::gen::pair(
        PickUnboundSocket(m),
        rc::gen::weightedOneOf<uint16_t>(
            {{3, rc::gen::just<uint16_t>(0)},
             {4, rc::gen::inRange<uint16_t>(kWindow, kWindow + 24)},
             {4, PortInReservation(m)},
             {5, BoundPort(m)},
             {1, rc::gen::just(uint16_t{m.dynamic[0].start})}}));
    const auto through_reservation = BindsThroughReservations(m);
    if (through_reservation.empty()) return any;
    return rc::gen::weightedOneOf<std::pair<int, uint16_t>>(
        {{3, any}, {2, rc::gen::elementOf(through_reservation)}});
  }
  void apply(Model& m) const override {
    model::Bind(m, socket, address, port);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::Bind(next, socket, address, port);
    absl::StatusOr<uint16_t> bound =
        sut.Current(m).Bind(sut.socket(socket), address, port);
    CheckCode(Operation::kBind, bound.status(), expected.code);
    if (bound.ok()) RC_ASSERT(*bound == expected.port);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kBind),
         {{"socket", Str(socket)},
          {"address", ToString(address)},
          {"port", Str(port)}});
  }
};

// setsockopt of the options that decide binding, and msquic's affinity.
struct SetOption : SocketCommand {
  SocketOption option;
  // Mostly away from the default: IPV6_V6ONLY is on, the others off.
  uint32_t value;
  explicit SetOption(const Model& m)
      : SocketCommand(*PickUnboundSocket(m)),
        option(*PickOption(m, socket)),
        value(*rc::gen::weightedElement<uint32_t>(
            {{4, option == SocketOption::kIpv6Only ? 0u : 1u},
             {1, option == SocketOption::kIpv6Only ? 1u : 0u}})) {}
  void apply(Model& m) const override {
    model::SetOption(m, socket, option, value);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    CheckCode(Operation::kSetOption,
              sut.Current(m).SetOption(sut.socket(socket), option, value),
              model::SetOption(next, socket, option, value).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kSetOption),
         {{"socket", Str(socket)},
          {"option", ToString(option)},
          {"value", Str(static_cast<int>(value))}});
  }
};

struct GetOption : SocketCommand {
  SocketOption option;
  explicit GetOption(const Model& m)
      : SocketCommand(m), option(*PickOption(m, socket)) {}
  // Reads only, but uses up a fault scheduled for it.
  void apply(Model& m) const override { model::GetOption(m, socket, option); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::GetOption(next, socket, option);
    absl::StatusOr<uint32_t> got =
        sut.Current(m).GetOption(sut.socket(socket), option);
    CheckCode(Operation::kGetOption, got.status(), expected.code);
    if (got.ok()) RC_ASSERT(*got == expected.value);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kGetOption),
         {{"socket", Str(socket)}, {"option", ToString(option)}});
  }
};

struct Acquire : SocketCommand {
  PortRange range;
  explicit Acquire(const Model& m)
      : SocketCommand(m), range(*PickRange(m, /*allow_wildcard=*/true)) {}
  void apply(Model& m) const override { model::Acquire(m, socket, range); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::Acquire(next, socket, range);
    absl::StatusOr<Reservation> r =
        sut.Current(m).Acquire(sut.socket(socket), range);
    CheckCode(Operation::kAcquire, r.status(), expected.code);
    if (r.ok()) {
      RC_ASSERT(r->range == expected.range);
      sut.RecordToken(expected, r->token);
    }
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kAcquire),
         {{"socket", Str(socket)}, {"range", Str(range)}});
  }
};

// Commands passing a token check that its slot still exists.
struct TokenCommand : SocketCommand {
  int token;
  explicit TokenCommand(const Model& m)
      : SocketCommand(m), token(*PickToken(m)) {}
  explicit TokenCommand(std::pair<int, int> args)
      : SocketCommand(args.first), token(args.second) {}
  void checkPreconditions(const Model& m) const override {
    SocketCommand::checkPreconditions(m);
    RC_PRE(token < m.token_slots);
  }
};

struct Release : TokenCommand {
  using TokenCommand::TokenCommand;
  void apply(Model& m) const override { model::Release(m, socket, token); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    CheckCode(Operation::kRelease,
              sut.Current(m).Release(sut.socket(socket), sut.token(token)),
              model::Release(next, socket, token).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kRelease),
         {{"socket", Str(socket)}, {"token", Str(token)}});
  }
};

struct Associate : TokenCommand {
  explicit Associate(const Model& m) : TokenCommand(*PickAssociation(m)) {}

  // Any socket and token, or often a fresh own socket with a token it may
  // use, so that bind-through-reservation flows happen.
  static rc::Gen<std::pair<int, int>> PickAssociation(const Model& m) {
    const auto any = rc::gen::pair(PickSocket(m), PickToken(m));
    const auto usable = UsableAssociations(m);
    if (usable.empty()) return any;
    return rc::gen::weightedOneOf<std::pair<int, int>>(
        {{2, any}, {3, rc::gen::elementOf(usable)}});
  }
  void apply(Model& m) const override { model::Associate(m, socket, token); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    CheckCode(Operation::kAssociate,
              sut.Current(m).Associate(sut.socket(socket), sut.token(token)),
              model::Associate(next, socket, token).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, OperationName(Operation::kAssociate),
         {{"socket", Str(socket)}, {"token", Str(token)}});
  }
};

struct PersistentCommand : ModelCommand {
  Protocol protocol;
  PortRange range;
  explicit PersistentCommand(const Model& m)
      : protocol(*PickProtocol()), range(*PickPersistentRange(m, protocol)) {}

  // Existing persistent blocks, exact or off by one, so that exact-match
  // rules (spec §8, §9) are exercised, else any range.
  static rc::Gen<PortRange> PickPersistentRange(const Model& m, Protocol p) {
    std::vector<PortRange> exact, near;
    for (const model::Reservation& r : m.reservations) {
      if (r.kind != model::Kind::kPersistent || r.protocol != p) continue;
      exact.push_back(r.range);
      near.push_back({r.range.start, static_cast<uint16_t>(r.range.count - 1)});
      near.push_back({r.range.start, static_cast<uint16_t>(r.range.count + 1)});
      near.push_back({static_cast<uint16_t>(r.range.start + 1),
                      static_cast<uint16_t>(r.range.count - 1)});
    }
    const auto any = PickRange(m, /*allow_wildcard=*/true);
    if (exact.empty()) return any;
    return rc::gen::weightedOneOf<PortRange>({{4, any},
                                              {3, rc::gen::elementOf(exact)},
                                              {2, rc::gen::elementOf(near)}});
  }
  void ShowAs(std::ostream& os, Operation operation) const {
    Show(os, OperationName(operation),
         {{"protocol", Str(protocol)}, {"range", Str(range)}});
  }
};

// Create and Lookup hand back a token: same code, token and invariant checks.
void CheckTokenCall(Operation operation, const absl::StatusOr<Token>& token,
                    const Result& expected, ModelSut& sut) {
  CheckCode(operation, token.status(), expected.code);
  if (token.ok()) sut.RecordToken(expected, *token);
  CheckInvariants(sut);
}

struct CreatePersistent : PersistentCommand {
  using PersistentCommand::PersistentCommand;
  void apply(Model& m) const override {
    model::CreatePersistent(m, protocol, range);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::CreatePersistent(next, protocol, range);
    CheckTokenCall(Operation::kCreatePersistent,
                   sut.Current(m).CreatePersistent(protocol, range), expected,
                   sut);
  }
  void show(std::ostream& os) const override {
    ShowAs(os, Operation::kCreatePersistent);
  }
};

struct DeletePersistent : PersistentCommand {
  using PersistentCommand::PersistentCommand;
  void apply(Model& m) const override {
    model::DeletePersistent(m, protocol, range);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    CheckCode(Operation::kDeletePersistent,
              sut.Current(m).DeletePersistent(protocol, range),
              model::DeletePersistent(next, protocol, range).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    ShowAs(os, Operation::kDeletePersistent);
  }
};

struct LookupPersistent : PersistentCommand {
  using PersistentCommand::PersistentCommand;
  void apply(Model& m) const override {
    model::LookupPersistent(m, protocol, range);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::LookupPersistent(next, protocol, range);
    CheckTokenCall(Operation::kLookupPersistent,
                   sut.Current(m).LookupPersistent(protocol, range), expected,
                   sut);
  }
  void show(std::ostream& os) const override {
    ShowAs(os, Operation::kLookupPersistent);
  }
};

}  // namespace

PortReservations& ModelSut::Current(const model::Model& m) {
  CheckFaultedCall();  // commands that check no invariants end here
  if (m.fault) before_fault_ = machine_.StateDump();
  const uint32_t pid = pids_[m.current];
  std::unique_ptr<FaultInjectingPortReservations>& view = views_[pid];
  if (view == nullptr) {
    view = std::make_unique<FaultInjectingPortReservations>(
        machine_.Process(pid), faults_, pid);
  }
  return *view;
}

void ModelSut::CheckInvariants() {
  absl::Status invariants = machine_.CheckInvariants();
  if (!invariants.ok()) RC_FAIL(std::string(invariants.message()));
  CheckFaultedCall();
}

void ModelSut::CheckFaultedCall() {
  const size_t injected = faults_.Injected().size();
  if (injected != injected_seen_) {  // the last call was faulted
    injected_seen_ = injected;
    RC_ASSERT(machine_.StateDump() == before_fault_);
  }
}

ModelSut::ModelSut(Machine& machine) : machine_(machine) {
  // Mirrors model::Initial(): an unelevated and an elevated process.
  pids_ = {machine_.SpawnProcess(false), machine_.SpawnProcess(true)};
}

void ModelSut::AddSocket(int handle, SocketId value) {
  if (handle < static_cast<int>(handle_values_.size())) {
    RC_ASSERT(value == handle_values_[handle]);  // the number came back
  } else {
    for (SocketId seen : handle_values_) RC_ASSERT(seen != value);  // new
    handle_values_.push_back(value);
  }
  sockets_.push_back(value);
}

SocketId ModelSut::socket(int index) const {
  // A handle no machine hands out: 0x7777 is not a multiple of 4.
  return index < 0 ? SocketId{0x7777} : sockets_[index];
}

Token ModelSut::token(int slot) const {
  if (slot == model::kZeroToken) return Token();
  if (slot == model::kUnknownToken) return Token(0x5eed5eed5eed5eedULL);
  return tokens_[slot];
}

void ModelSut::RecordToken(const Result& result, Token token) {
  RC_ASSERT(token.valid());
  if (!result.new_slot) {
    RC_ASSERT(token == tokens_[result.token_slot]);  // same token this boot
    return;
  }
  for (Token seen : tokens_) RC_ASSERT(seen != token);  // unique (M10 too)
  RC_ASSERT(static_cast<int>(tokens_.size()) == result.token_slot);
  tokens_.push_back(token);
}

namespace {

// The reservation flows: toward the next step of acquire → associate →
// bind, else anything.
rc::Gen<std::shared_ptr<const ModelCommand>> GenFlowCommand(const Model& m) {
  if (!BindsThroughReservations(m).empty()) {
    return rc::state::gen::execOneOfWithArgs<
        Bind, Bind, Bind, Bind, Bind, Bind, OpenSocket, OpenSocket, Associate,
        Associate, Associate, Release, CloseSocket, Acquire, DeletePersistent,
        SetOption, SetOption, SwitchProcess, ExitProcess, Reboot,
        InjectFault>()(m);
  }
  if (!UsableAssociations(m).empty()) {
    return rc::state::gen::execOneOfWithArgs<
        Associate, Associate, Associate, Associate, Associate, OpenSocket,
        OpenSocket, Bind, Bind, Acquire, Release, CloseSocket, CreatePersistent,
        SwitchProcess, Reboot, InjectFault>()(m);
  }
  return rc::state::gen::execOneOfWithArgs<
      OpenSocket, OpenSocket, CloseSocket, Bind, Bind, Bind, Acquire, Acquire,
      Acquire, Acquire, Release, Release, Associate, Associate, Associate,
      CreatePersistent, CreatePersistent, DeletePersistent, LookupPersistent,
      SpawnProcess, ExitProcess, SwitchProcess, SwitchProcess, SwitchProcess,
      Reboot, AddSystemReservation, AddSystemReservation, SetDynamicRange,
      InjectFault, InjectFault, SwitchProfile>()(m);
}

// Several sockets meeting on a port with their options and addresses
// (spec §16): new sockets, options, then binds that often land on a bound
// port with a related address.
rc::Gen<std::shared_ptr<const ModelCommand>> GenAddressCommand(
    const Model& m) {
  return rc::state::gen::execOneOfWithArgs<
      OpenSocket, OpenSocket, OpenSocket, SetOption, SetOption, SetOption,
      GetOption, Bind, Bind, Bind, Bind, CloseSocket>()(m);
}

}  // namespace

rc::Gen<std::shared_ptr<const ModelCommand>> GenCommand(const Model& m) {
  // Listing a command twice doubles its weight. Each list leans toward what
  // makes the next commands interesting: a live caller, then own sockets.
  const bool caller_alive = m.processes[m.current].alive;
  const bool has_own_socket = std::any_of(
      m.sockets.begin(), m.sockets.end(),
      [&](const auto& s) { return s.open && s.process == m.current; });
  if (!caller_alive) {
    return rc::state::gen::execOneOfWithArgs<
        SwitchProcess, SwitchProcess, SwitchProcess, SpawnProcess, Reboot,
        OpenSocket, Acquire, LookupPersistent>()(m);
  }
  if (!has_own_socket) {
    return rc::state::gen::execOneOfWithArgs<
        OpenSocket, OpenSocket, OpenSocket, OpenSocket, Bind, Acquire,
        CreatePersistent, LookupPersistent, SwitchProcess, SpawnProcess,
        AddSystemReservation, SetDynamicRange>()(m);
  }
  return rc::gen::weightedOneOf<std::shared_ptr<const ModelCommand>>(
      {{2, GenFlowCommand(m)}, {1, GenAddressCommand(m)}});
}

}  // namespace portres::testkit
