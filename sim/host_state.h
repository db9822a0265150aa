// The simulated machine's whole state and rules, without locking: Host wraps
// one HostState in a mutex, and each PortReservations view forwards to it with
// its process id. Every operation makes all of its checks before its first
// change, so a failed call leaves the state exactly as it was.

#ifndef PORTRES_SIM_HOST_STATE_H_
#define PORTRES_SIM_HOST_STATE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "portres/sim/host.h"
#include "portres/sim/policy.h"
#include "portres/types.h"
#include "sim/port_pool.h"
#include "sim/token_generator.h"

namespace portres::sim {

struct ProcessRecord {
  bool elevated = false;
  absl::flat_hash_set<SocketId> sockets;
};

struct SocketRecord {
  Pid owner = 0;
  AddressFamily family = AddressFamily::kInet;
  SocketType type = SocketType::kStream;
  std::optional<Protocol> protocol;  // nullopt: raw socket, no port pool
  bool bound = false;
  uint16_t port = 0;
  Token associated;  // SIO_ASSOCIATE_PORT_RESERVATION's token, 0 if none
  Token bind_group;  // the reservation the socket bound through, 0 if none
  absl::InlinedVector<Token, 2> acquired;  // runtime reservations made on it
};

class HostState {
 public:
  HostState(uint64_t seed, const Policy& policy);

  // Machine controls (Host's public methods).
  Pid Spawn(bool elevated);
  absl::Status Exit(Pid pid);
  bool IsAlive(Pid pid) const { return processes_.contains(pid); }
  std::vector<Pid> LiveProcesses() const;
  void Reboot();
  absl::StatusOr<Reservation> AddSystemReservation(Protocol protocol,
                                                   PortRange range);
  absl::Status RemoveSystemReservation(Protocol protocol, Token token);
  DynamicPortRange GetDynamicPortRange(Protocol protocol) const;
  absl::Status SetDynamicPortRange(Protocol protocol, DynamicPortRange range);
  std::vector<ExcludedRange> ExcludedPortRanges(Protocol protocol) const;
  absl::Status CheckInvariants() const;
  std::string DumpState() const;
  std::string DumpPools() const;

  // One process's PortReservations calls (contracts in port_reservations.h).
  absl::StatusOr<SocketId> OpenSocket(Pid pid, AddressFamily family,
                                      SocketType type, int protocol);
  absl::Status CloseSocket(Pid pid, SocketId socket);
  absl::StatusOr<uint16_t> Bind(Pid pid, SocketId socket, uint16_t port);
  absl::StatusOr<Reservation> Acquire(Pid pid, SocketId socket,
                                      PortRange range);
  absl::Status Release(Pid pid, SocketId socket, Token token);
  absl::Status Associate(Pid pid, SocketId socket, Token token);
  absl::StatusOr<Token> CreatePersistent(Pid pid, Protocol protocol,
                                         PortRange range);
  absl::Status DeletePersistent(Pid pid, Protocol protocol, PortRange range);
  absl::StatusOr<Token> LookupPersistent(Pid pid, Protocol protocol,
                                         PortRange range);

 private:
  // Where a token's reservation lives.
  struct TokenEntry {
    Protocol protocol;
    uint16_t start;
  };

  PortPool& pool(Protocol p) { return pools_[static_cast<int>(p)]; }
  const PortPool& pool(Protocol p) const { return pools_[static_cast<int>(p)]; }

  // The calling process, or ERROR_INVALID_HANDLE once it has exited.
  absl::StatusOr<ProcessRecord*> CallingProcess(Pid pid,
                                                absl::string_view context);
  // `socket` if it is an open socket of `pid`, else WSAENOTSOCK.
  absl::StatusOr<SocketRecord*> OwnSocket(Pid pid, SocketId socket,
                                          absl::string_view context);
  // OwnSocket, and WSAEOPNOTSUPP unless it is a TCP or UDP socket (the three
  // reservation ioctls, spec §3.2, §4.2, §5).
  absl::StatusOr<SocketRecord*> ReservationSocket(Pid pid, SocketId socket,
                                                  absl::string_view context);
  // The reservation `token` names, if it is live.
  const ReservationRecord* FindToken(Token token) const;
  // Persistent-function prologue: the U14 switch, then access (5) and
  // parameter (87) checks in the U16 order.
  absl::Status CheckPersistentCall(Pid pid, PortRange range, bool needs_admin,
                                   absl::string_view context);

  // Where a runtime or system block goes (spec §3.2, U5, U6, U18): the
  // requested block if nothing holds any of its ports, or for start 0 a free
  // block of the dynamic range.
  absl::StatusOr<PortRange> PlaceRuntimeBlock(Protocol protocol,
                                              PortRange range,
                                              absl::string_view context);

  // Unassociated bind rules (spec §6) and associated ones (spec §4.3).
  absl::StatusOr<uint16_t> ChooseUnassociatedPort(const SocketRecord& socket,
                                                  uint16_t port);
  absl::StatusOr<uint16_t> ChooseAssociatedPort(const SocketRecord& socket,
                                                uint16_t port);

  Token NewToken();
  void InsertReservation(Protocol protocol, const ReservationRecord& record);
  void EraseReservation(Protocol protocol, Token token);
  void CloseSocketRecord(SocketId socket);

  const Policy policy_;
  TokenGenerator tokens_;
  Rng rng_;
  Pid next_pid_ = 1000;
  SocketId next_socket_ = 0x100;
  absl::btree_map<Pid, ProcessRecord> processes_;
  // Hashed: the hot path. DumpState() sorts what it prints.
  absl::flat_hash_map<SocketId, SocketRecord> sockets_;
  std::array<PortPool, 2> pools_;
  absl::flat_hash_map<Token, TokenEntry> token_index_;
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_HOST_STATE_H_
