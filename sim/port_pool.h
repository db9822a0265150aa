// One protocol's port pool: its reservations (runtime, persistent, system;
// pairwise disjoint), its bound ports and its dynamic range, with the searches
// the simulator's rules need. No locking and no policy: HostState owns both.

#ifndef PORTRES_SIM_PORT_POOL_H_
#define PORTRES_SIM_PORT_POOL_H_

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/inlined_vector.h"
#include "portres/sim/host.h"
#include "portres/sim/policy.h"
#include "portres/types.h"
#include "sim/free_space_index.h"

namespace portres::sim {

enum class ReservationKind { kRuntime, kPersistent, kSystem };

struct ReservationRecord {
  PortRange range;
  Token token;
  ReservationKind kind = ReservationKind::kRuntime;
  Pid owner = 0;              // runtime only: the acquiring process
  SocketId owner_socket = 0;  // runtime only: the acquiring socket
};

// The sockets bound to one port. More than one only when they bound through
// the same reservation (Policy::share_port_within_reservation, spec O7).
struct Binding {
  Token group;  // the reservation they bound through; 0 for an ordinary bind
  absl::InlinedVector<SocketId, 1> sockets;
};

using Rng = std::mt19937_64;

class PortPool {
 public:
  // The reservation containing `port`, if any.
  const ReservationRecord* Covering(uint32_t port) const;
  ReservationRecord* FindByStart(uint16_t start);

  bool OverlapsReservation(PortRange range) const;
  bool HasBoundPort(PortRange range) const;
  const Binding* BindingAt(uint16_t port) const;

  // A start port for `count` consecutive ports inside [lo, hi] that are
  // neither reserved nor bound; nullopt if there is none.
  std::optional<uint16_t> FindFreeBlock(uint32_t lo, uint32_t hi,
                                        uint32_t count, Choice choice,
                                        Rng& rng) const;

  // A port inside [lo, hi] that no socket is bound to (reservations are not
  // considered: the caller is binding through one).
  std::optional<uint16_t> FindUnboundPort(uint32_t lo, uint32_t hi,
                                          Choice choice, Rng& rng) const;

  // OK if the free-space index agrees with the reservations and bindings.
  bool FreeSpaceIndexIsConsistent() const;

  void AddReservation(const ReservationRecord& record);
  void RemoveReservation(uint16_t start);

  void AddBinding(uint16_t port, SocketId socket, Token group);
  void RemoveBinding(uint16_t port, SocketId socket);

  void ClearRuntimeState();  // bindings, runtime and system reservations
  void ClearBindings();

  const absl::btree_map<uint16_t, ReservationRecord>& reservations() const {
    return reservations_;
  }
  absl::btree_map<uint16_t, ReservationRecord>& mutable_reservations() {
    return reservations_;
  }
  const absl::btree_map<uint16_t, Binding>& bindings() const {
    return bindings_;
  }

  DynamicPortRange dynamic_range;

 private:
  struct Span {
    uint32_t first;
    uint32_t last;
  };
  // The free runs of [lo, hi] in ascending order, until `visit` returns false.
  template <typename Visit>
  void ForEachFreeRun(uint32_t lo, uint32_t hi, Visit visit) const;
  // The first reserved or bound span that contains `port` or lies after it.
  std::optional<Span> NextObstacle(uint32_t port) const;

  // Marks a removed reservation's ports free, except those sockets hold.
  void MarkFreeUnlessHeld(uint32_t first, uint32_t last);
  void RebuildFreeSpace();

  absl::btree_map<uint16_t, ReservationRecord> reservations_;  // by start
  absl::btree_map<uint16_t, Binding> bindings_;                // by port
  FreeSpaceIndex free_;  // ports neither reserved nor bound
};

}  // namespace portres::sim

#endif  // PORTRES_SIM_PORT_POOL_H_
