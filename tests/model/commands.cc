#include "tests/model/commands.h"

#include <algorithm>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "portres/status.h"

namespace portres::testing {
namespace {

using model::Model;
using model::Result;

// Ports the commands aim at: a 24-port window where blocks collide often.
constexpr uint16_t kWindow = 5000;

// Every command's text comes from here: "Name(key=value, ...)".
void Show(std::ostream& os, const char* name,
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

// Asserts the call's Windows code equals the model's.
void CheckCode(const absl::Status& status, uint32_t expected) {
  const uint32_t actual = WindowsErrorCode(status).value_or(~0u);
  if (actual != expected) {
    RC_FAIL(absl::StrCat("expected Windows code ", expected, ", got ",
                         status.ToString()));
  }
}

void CheckInvariants(ModelSut& sut) {
  absl::Status invariants = sut.machine().CheckInvariants();
  if (!invariants.ok()) RC_FAIL(std::string(invariants.message()));
}

// Generators biased toward collisions: recent sockets and tokens, stale and
// foreign handles, blocks inside one small window.
rc::Gen<int> PickSocket(const Model& m) {
  const int n = static_cast<int>(m.sockets.size());
  if (n == 0) return rc::gen::just(model::kNoSocket);
  std::vector<int> own;  // the current process's open sockets
  for (int i = 0; i < n; ++i) {
    if (m.sockets[i].open && m.sockets[i].process == m.current)
      own.push_back(i);
  }
  if (own.empty()) {
    return rc::gen::weightedOneOf<int>(
        {{1, rc::gen::just(model::kNoSocket)}, {4, rc::gen::inRange(0, n)}});
  }
  return rc::gen::weightedOneOf<int>({{1, rc::gen::just(model::kNoSocket)},
                                      {2, rc::gen::inRange(0, n)},
                                      {12, rc::gen::elementOf(own)}});
}
rc::Gen<int> PickToken(const Model& m) {
  const int n = m.token_slots;
  if (n == 0) {
    return rc::gen::element(model::kZeroToken, model::kUnknownToken);
  }
  return rc::gen::weightedOneOf<int>(
      {{1, rc::gen::just(model::kZeroToken)},
       {1, rc::gen::just(model::kUnknownToken)},
       {6, rc::gen::inRange(std::max(0, n - 3), n)},
       {2, rc::gen::inRange(0, n)}});
}
rc::Gen<int> PickProcess(const Model& m) {
  std::vector<int> live;
  for (int i = 0; i < static_cast<int>(m.processes.size()); ++i) {
    if (m.processes[i].alive) live.push_back(i);
  }
  const auto any = rc::gen::inRange(0, static_cast<int>(m.processes.size()));
  if (live.empty()) return any;
  return rc::gen::weightedOneOf<int>({{1, any}, {5, rc::gen::elementOf(live)}});
}
rc::Gen<uint16_t> PickCount() {
  return rc::gen::weightedOneOf<uint16_t>(
      {{8, rc::gen::inRange<uint16_t>(1, 9)},
       {1, rc::gen::just<uint16_t>(0)},
       {2, rc::gen::elementOf(std::vector<uint16_t>{100, 255, 300, 1024})}});
}
rc::Gen<uint16_t> PickStart(bool allow_wildcard) {
  return rc::gen::weightedOneOf<uint16_t>(
      {{allow_wildcard ? 3u : 0u, rc::gen::just<uint16_t>(0)},
       {8, rc::gen::inRange<uint16_t>(kWindow, kWindow + 24)},
       {1, rc::gen::elementOf(std::vector<uint16_t>{49152, 65530, 65535})}});
}
rc::Gen<PortRange> PickRange(bool allow_wildcard) {
  return rc::gen::construct<PortRange>(PickStart(allow_wildcard), PickCount());
}
rc::Gen<Protocol> PickProtocol() {
  return rc::gen::element(Protocol::kTcp, Protocol::kUdp);
}

// ---- Machine controls ----

struct SpawnProcess : ModelCommand {
  bool elevated = *rc::gen::arbitrary<bool>();
  void apply(Model& m) const override { model::Spawn(m, elevated); }
  void run(const Model&, ModelSut& sut) const override {
    sut.AddProcess(sut.machine().SpawnProcess(elevated));
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "SpawnProcess", {{"elevated", Str(elevated)}});
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
    Show(os, "ExitProcess", {{"process", Str(process)}});
  }
};

struct SwitchProcess : ModelCommand {
  int process;
  explicit SwitchProcess(const Model& m) : process(*PickProcess(m)) {}
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
  void show(std::ostream& os) const override { Show(os, "Reboot", {}); }
};

struct AddSystemReservation : ModelCommand {
  Protocol protocol;
  PortRange range;
  // Sometimes the whole dynamic range, so that exhaustion (WSAENOBUFS) is
  // reachable.
  explicit AddSystemReservation(const Model& m)
      : protocol(*PickProtocol()),
        range(*rc::gen::weightedOneOf<PortRange>(
            {{6, PickRange(/*allow_wildcard=*/true)},
             {1, rc::gen::just(PortRange{
                     0, m.dynamic[static_cast<int>(protocol)].count})}})) {}
  void apply(Model& m) const override { model::AddSystem(m, protocol, range); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::AddSystem(next, protocol, range);
    absl::StatusOr<Reservation> r =
        sut.machine().AddSystemReservation(protocol, range);
    CheckCode(r.status(), expected.code);
    if (r.ok()) {
      RC_ASSERT(r->range == expected.range);
      sut.RecordToken(expected, r->token);
    }
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "AddSystemReservation",
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
    CheckCode(sut.machine().SetDynamicPortRange(protocol, start, count),
              expected.code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "SetDynamicRange",
         {{"protocol", Str(protocol)},
          {"start", Str(start)},
          {"count", Str(count)}});
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
  void apply(Model& m) const override { model::Open(m, v6, type, protocol); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::Open(next, v6, type, protocol);
    absl::StatusOr<SocketId> s = sut.Current(m).OpenSocket(
        v6 ? AddressFamily::kInet6 : AddressFamily::kInet, type, protocol);
    CheckCode(s.status(), expected.code);
    if (s.ok()) sut.AddSocket(*s);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    const char* types[] = {"stream", "datagram", "raw"};
    Show(os, "OpenSocket",
         {{"v6", Str(v6)},
          {"type", types[static_cast<int>(type)]},
          {"protocol", Str(protocol)}});
  }
};

// Commands on one socket check that the index still exists after shrinking.
struct SocketCommand : ModelCommand {
  int socket;
  explicit SocketCommand(const Model& m) : socket(*PickSocket(m)) {}
  void checkPreconditions(const Model& m) const override {
    RC_PRE(socket < static_cast<int>(m.sockets.size()));
  }
};

struct CloseSocket : SocketCommand {
  using SocketCommand::SocketCommand;
  void apply(Model& m) const override { model::Close(m, socket); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    CheckCode(sut.Current(m).CloseSocket(sut.socket(socket)),
              model::Close(next, socket).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "CloseSocket", {{"socket", Str(socket)}});
  }
};

struct Bind : SocketCommand {
  uint16_t port;
  explicit Bind(const Model& m)
      : SocketCommand(m),
        port(*rc::gen::weightedOneOf<uint16_t>(
            {{3, rc::gen::just<uint16_t>(0)},
             {5, rc::gen::inRange<uint16_t>(kWindow, kWindow + 24)},
             {1, rc::gen::just<uint16_t>(49152)}})) {}
  void apply(Model& m) const override { model::Bind(m, socket, port); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::Bind(next, socket, port);
    absl::StatusOr<uint16_t> bound =
        sut.Current(m).Bind(sut.socket(socket), port);
    CheckCode(bound.status(), expected.code);
    if (bound.ok()) RC_ASSERT(*bound == expected.port);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "Bind", {{"socket", Str(socket)}, {"port", Str(port)}});
  }
};

struct Acquire : SocketCommand {
  PortRange range;
  explicit Acquire(const Model& m)
      : SocketCommand(m), range(*PickRange(/*allow_wildcard=*/true)) {}
  void apply(Model& m) const override { model::Acquire(m, socket, range); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::Acquire(next, socket, range);
    absl::StatusOr<Reservation> r =
        sut.Current(m).Acquire(sut.socket(socket), range);
    CheckCode(r.status(), expected.code);
    if (r.ok()) {
      RC_ASSERT(r->range == expected.range);
      sut.RecordToken(expected, r->token);
    }
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "Acquire", {{"socket", Str(socket)}, {"range", Str(range)}});
  }
};

// Commands passing a token check that its slot still exists.
struct TokenCommand : SocketCommand {
  int token;
  explicit TokenCommand(const Model& m)
      : SocketCommand(m), token(*PickToken(m)) {}
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
    CheckCode(sut.Current(m).Release(sut.socket(socket), sut.token(token)),
              model::Release(next, socket, token).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "Release", {{"socket", Str(socket)}, {"token", Str(token)}});
  }
};

struct Associate : TokenCommand {
  using TokenCommand::TokenCommand;
  void apply(Model& m) const override { model::Associate(m, socket, token); }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    CheckCode(sut.Current(m).Associate(sut.socket(socket), sut.token(token)),
              model::Associate(next, socket, token).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override {
    Show(os, "Associate", {{"socket", Str(socket)}, {"token", Str(token)}});
  }
};

struct PersistentCommand : ModelCommand {
  Protocol protocol = *PickProtocol();
  PortRange range = *PickRange(/*allow_wildcard=*/true);
  void ShowAs(std::ostream& os, const char* name) const {
    Show(os, name, {{"protocol", Str(protocol)}, {"range", Str(range)}});
  }
};

struct CreatePersistent : PersistentCommand {
  void apply(Model& m) const override {
    model::CreatePersistent(m, protocol, range);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::CreatePersistent(next, protocol, range);
    absl::StatusOr<Token> t = sut.Current(m).CreatePersistent(protocol, range);
    CheckCode(t.status(), expected.code);
    if (t.ok()) sut.RecordToken(expected, *t);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override { ShowAs(os, "CreatePersistent"); }
};

struct DeletePersistent : PersistentCommand {
  void apply(Model& m) const override {
    model::DeletePersistent(m, protocol, range);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    CheckCode(sut.Current(m).DeletePersistent(protocol, range),
              model::DeletePersistent(next, protocol, range).code);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override { ShowAs(os, "DeletePersistent"); }
};

struct LookupPersistent : PersistentCommand {
  void apply(Model& m) const override {
    model::LookupPersistent(m, protocol, range);
  }
  void run(const Model& m, ModelSut& sut) const override {
    Model next = m;
    const Result expected = model::LookupPersistent(next, protocol, range);
    absl::StatusOr<Token> t = sut.Current(m).LookupPersistent(protocol, range);
    CheckCode(t.status(), expected.code);
    if (t.ok()) sut.RecordToken(expected, *t);
    CheckInvariants(sut);
  }
  void show(std::ostream& os) const override { ShowAs(os, "LookupPersistent"); }
};

}  // namespace

ModelSut::ModelSut(Machine& machine) : machine_(machine) {
  // Mirrors model::Initial(): an unelevated and an elevated process.
  pids_ = {machine_.SpawnProcess(false), machine_.SpawnProcess(true)};
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
  return rc::state::gen::execOneOfWithArgs<
      OpenSocket, OpenSocket, CloseSocket, Bind, Bind, Bind, Acquire, Acquire,
      Acquire, Acquire, Release, Release, Associate, Associate, Associate,
      CreatePersistent, CreatePersistent, DeletePersistent, LookupPersistent,
      SpawnProcess, ExitProcess, SwitchProcess, SwitchProcess, SwitchProcess,
      Reboot, AddSystemReservation, AddSystemReservation, SetDynamicRange>()(m);
}

}  // namespace portres::testing
