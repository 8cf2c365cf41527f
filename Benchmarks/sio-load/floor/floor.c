// floor: the kernel floor for the Socket.IO load benchmark (Benchmarks/sio-load/README.md, "The kernel floor").
//
// A single-threaded epoll server that speaks just enough Engine.IO v4 + Socket.IO v5 over WebSocket for
// shared/tools/loadgen/loadgen.js, and does only the syscalls no server can avoid: one recv per readable event,
// output queued per connection and one send per dirty connection at the end of each epoll batch (EPOLLOUT only
// while a connection has a backlog). Its figures bound what any server can do with that loadgen on the machine.
// Not product code: it is never shipped. Build with Benchmarks/sio-load/floor/build.sh.
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME (1u << 20)                     // largest WebSocket payload or message accepted (1 MB)
#define MAX_IN (MAX_FRAME + 14 + 65536)          // a partial frame plus one read's worth
#define MAX_HTTP 8192                            // largest upgrade request head
#define MAX_OUT (8u << 20)                       // a connection whose unsent output exceeds this is dropped
#define MAX_ROOMS 1024                           // rooms in the whole server
#define MAX_CONN_ROOMS 16                        // rooms one connection may be in
#define SCRATCH (64u << 10)                      // the shared read buffer
#define PING_MS 25000
#define MAX_EVENTS 1024

enum { ST_HTTP, ST_WS };
typedef struct conn conn;
struct conn {
  int fd;
  uint8_t state, sio, dirty, want_out, out_ready, closing, kill, closed, frag_op, nrooms;
  uint32_t idx;                                  // position in all[]
  uint8_t *in; size_t in_len, in_cap;            // unparsed input (a partial frame), NULL when empty
  uint8_t *out; size_t out_len, out_off, out_cap;
  uint8_t *msg; size_t msg_len, msg_cap;         // a fragmented message being assembled
  struct { uint32_t room, pos; } rooms[MAX_CONN_ROOMS];
  conn *next_dead;
};
typedef struct { uint8_t *name; size_t name_len; conn **m; uint32_t n, cap; } room;
typedef struct { const void *p; size_t n; } piece;

static int ep, lfd, listen_paused;
static uint64_t listen_resume_at;            // when a listener paused by EMFILE is watched again
static conn **all, **dirty, *dead;
static uint32_t nall, all_cap, ndirty, dirty_cap;
static room rooms[MAX_ROOMS];
static uint8_t scratch[SCRATCH];
static uint8_t *bcast; static size_t bcast_cap;
static uint64_t sid_counter, sid_seed;

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q) { perror("floor: out of memory"); exit(1); }
  return q;
}
static uint64_t now_ms(void) {
  struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
static void mark_dirty(conn *c) {
  if (c->dirty) return;
  if (ndirty == dirty_cap) { dirty_cap = dirty_cap ? dirty_cap * 2 : 1024; dirty = xrealloc(dirty, dirty_cap * sizeof *dirty); }
  c->dirty = 1; dirty[ndirty++] = c;
}
// Reserves n bytes at the end of c's output; NULL (and the connection marked for dropping) past MAX_OUT.
static uint8_t *out_reserve(conn *c, size_t n) {
  if (c->kill || c->closed) return NULL;
  if (c->out_off && c->out_off == c->out_len) c->out_off = c->out_len = 0;
  if (c->out_len - c->out_off + n > MAX_OUT) { c->kill = 1; mark_dirty(c); return NULL; }
  if (c->out_len + n > c->out_cap) {
    if (c->out_off) { memmove(c->out, c->out + c->out_off, c->out_len - c->out_off); c->out_len -= c->out_off; c->out_off = 0; }
    size_t cap = c->out_cap ? c->out_cap : 512;
    while (cap < c->out_len + n) cap *= 2;
    if (cap != c->out_cap) { c->out = xrealloc(c->out, cap); c->out_cap = cap; }
  }
  uint8_t *p = c->out + c->out_len; c->out_len += n; mark_dirty(c);
  return p;
}
// Writes a server WebSocket frame header (never masked) for a payload of n bytes; returns its length.
static size_t ws_header(uint8_t *h, uint8_t opcode, size_t n) {
  h[0] = 0x80 | opcode;
  if (n < 126) { h[1] = (uint8_t)n; return 2; }
  if (n < 65536) { h[1] = 126; h[2] = (uint8_t)(n >> 8); h[3] = (uint8_t)n; return 4; }
  h[1] = 127; for (int i = 0; i < 8; i++) h[2 + i] = (uint8_t)((uint64_t)n >> (56 - 8 * i)); return 10;
}
static void send_frame(conn *c, uint8_t opcode, const piece *ps, int np) {
  size_t n = 0; for (int i = 0; i < np; i++) n += ps[i].n;
  uint8_t h[10]; size_t hl = ws_header(h, opcode, n);
  uint8_t *p = out_reserve(c, hl + n); if (!p) return;
  memcpy(p, h, hl); p += hl;
  for (int i = 0; i < np; i++) { memcpy(p, ps[i].p, ps[i].n); p += ps[i].n; }
}
static void send_text(conn *c, const char *s) { piece p = { s, strlen(s) }; send_frame(c, 1, &p, 1); }
static void send_close(conn *c, uint16_t code) {
  uint8_t b[2] = { (uint8_t)(code >> 8), (uint8_t)code };
  piece p = { b, 2 }; send_frame(c, 8, &p, 1); c->closing = 1;
}
static void make_sid(char *out) {                 // 20 URL-safe characters, unique per process
  static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  uint64_t z = (++sid_counter) * 0x9E3779B97F4A7C15ull ^ sid_seed;
  for (int i = 0; i < 20; i++) {
    if (i == 10) z = (z ^ (z >> 31)) * 0xBF58476D1CE4E5B9ull ^ sid_counter;
    out[i] = a[z & 63]; z = (z >> 6) | (z << 58);
  }
  out[20] = 0;
}

// ---------------------------------------------------------------- rooms
static int room_find(const uint8_t *name, size_t n, int create) {
  int free_slot = -1;
  for (int i = 0; i < MAX_ROOMS; i++) {
    if (!rooms[i].name) { if (free_slot < 0) free_slot = i; continue; }
    if (rooms[i].name_len == n && memcmp(rooms[i].name, name, n) == 0) return i;
  }
  if (!create || free_slot < 0) return -1;
  rooms[free_slot].name = xrealloc(NULL, n ? n : 1); memcpy(rooms[free_slot].name, name, n);
  rooms[free_slot].name_len = n;
  return free_slot;
}
static uint32_t room_size(const uint8_t *name, size_t n) { int r = room_find(name, n, 0); return r < 0 ? 0 : rooms[r].n; }
static void room_join(conn *c, const uint8_t *name, size_t n) {
  for (int k = 0; k < c->nrooms; k++) {
    room *r = &rooms[c->rooms[k].room];
    if (r->name_len == n && memcmp(r->name, name, n) == 0) return;
  }
  if (c->nrooms == MAX_CONN_ROOMS) return;
  int ri = room_find(name, n, 1); if (ri < 0) return;
  room *r = &rooms[ri];
  if (r->n == r->cap) { r->cap = r->cap ? r->cap * 2 : 64; r->m = xrealloc(r->m, r->cap * sizeof *r->m); }
  c->rooms[c->nrooms].room = (uint32_t)ri; c->rooms[c->nrooms].pos = r->n; c->nrooms++;
  r->m[r->n++] = c;
}
static void room_leave_at(conn *c, int k) {     // k: index into c->rooms
  uint32_t ri = c->rooms[k].room, pos = c->rooms[k].pos;
  room *r = &rooms[ri];
  conn *last = r->m[--r->n];
  if (last != c) {                              // the last member takes the leaver's slot
    r->m[pos] = last;
    for (int j = 0; j < last->nrooms; j++) if (last->rooms[j].room == ri) { last->rooms[j].pos = pos; break; }
  }
  c->rooms[k] = c->rooms[--c->nrooms];
  if (r->n == 0) { free(r->name); free(r->m); memset(r, 0, sizeof *r); }
}
static void room_leave(conn *c, const uint8_t *name, size_t n) {
  for (int k = 0; k < c->nrooms; k++) {
    room *r = &rooms[c->rooms[k].room];
    if (r->name_len == n && memcmp(r->name, name, n) == 0) { room_leave_at(c, k); return; }
  }
}

// ---------------------------------------------------------------- Socket.IO
static size_t skip_ws(const uint8_t *p, size_t i, size_t n) {
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) i++;
  return i;
}
// p[i] is '"': returns the index after the closing quote (or 0 when unterminated); the raw contents are [i+1, end-1).
static size_t scan_string(const uint8_t *p, size_t i, size_t n) {
  for (i++; i < n; i++) {
    if (p[i] == '\\') { i++; continue; }
    if (p[i] == '"') return i + 1;
  }
  return 0;
}
#define LIT(s) { s, sizeof s - 1 }
static int name_is(const uint8_t *p, size_t n, const char *lit) { return strlen(lit) == n && memcmp(p, lit, n) == 0; }

// A Socket.IO EVENT on "/" after its type: [ackId]["name",args...]. Only loadgen's events are answered.
static void sio_event(conn *c, const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n && i < 16 && p[i] >= '0' && p[i] <= '9') i++;
  const uint8_t *id = p; size_t idn = i;
  i = skip_ws(p, i, n);
  if (i >= n || p[i] != '[') return;
  size_t end = n; while (end > i && (p[end - 1] == ' ' || p[end - 1] == '\n' || p[end - 1] == '\r' || p[end - 1] == '\t')) end--;
  if (end <= i + 1 || p[end - 1] != ']') return;
  i = skip_ws(p, i + 1, end);
  if (i >= end || p[i] != '"') return;
  size_t ne = scan_string(p, i, end); if (!ne) return;
  const uint8_t *name = p + i + 1; size_t namen = ne - i - 2;
  i = skip_ws(p, ne, end);
  if (i >= end || (p[i] != ',' && p[i] != ']')) return;
  size_t after_name = i;                        // ',' before the arguments, or the closing ']'
  if (name_is(name, namen, "message-with-ack")) {
    if (!idn) return;
    piece ps[] = { LIT("43"), { id, idn }, LIT("["), { p + after_name + (p[after_name] == ','), end - after_name - (p[after_name] == ',') } };
    send_frame(c, 1, ps, 4);
    return;
  }
  int is_join = name_is(name, namen, "join"), is_leave = name_is(name, namen, "leave");
  int is_bcast = name_is(name, namen, "broadcast");
  if (!(is_join || is_leave || is_bcast) || p[after_name] != ',') return;
  i = skip_ws(p, after_name + 1, end);
  if (i >= end || p[i] != '"') return;          // the room must be a string
  size_t re = scan_string(p, i, end); if (!re) return;
  const uint8_t *rname = p + i + 1; size_t rn = re - i - 2;
  size_t rest = skip_ws(p, re, end);            // ',' before the broadcast's arguments, or ']'
  if (rest >= end || (p[rest] != ',' && p[rest] != ']')) return;
  char num[24];
  if (is_join) {
    room_join(c, rname, rn);
    if (!idn) return;
    int k = snprintf(num, sizeof num, "%u", room_size(rname, rn));
    piece ps[] = { LIT("43"), { id, idn }, LIT("[{\"room\":\""), { rname, rn }, LIT("\",\"size\":"), { num, (size_t)k }, LIT("}]") };
    send_frame(c, 1, ps, 7);
  } else if (is_leave) {
    room_leave(c, rname, rn);
    if (!idn) return;
    piece ps[] = { LIT("43"), { id, idn }, LIT("[\""), { rname, rn }, LIT("\"]") };
    send_frame(c, 1, ps, 5);
  } else {
    int ri = room_find(rname, rn, 0);
    uint32_t members = ri < 0 ? 0 : rooms[ri].n;
    if (members) {                              // encode the frame once, copy the same bytes to every member
      static const char head[] = "42[\"broadcast\"";
      size_t pn = sizeof head - 1 + (end - rest), need = 10 + pn;
      if (need > bcast_cap) { bcast_cap = need; bcast = xrealloc(bcast, need); }
      size_t hl = ws_header(bcast, 1, pn);
      memcpy(bcast + hl, head, sizeof head - 1); memcpy(bcast + hl + sizeof head - 1, p + rest, end - rest);
      room *r = &rooms[ri];
      for (uint32_t m = 0; m < r->n; m++) {
        uint8_t *o = out_reserve(r->m[m], hl + pn);
        if (o) memcpy(o, bcast, hl + pn);
      }
    }
    if (!idn) return;
    int k = snprintf(num, sizeof num, "%u", members);
    piece ps[] = { LIT("43"), { id, idn }, LIT("["), { num, (size_t)k }, LIT("]") };
    send_frame(c, 1, ps, 5);
  }
}

static void sio_packet(conn *c, const uint8_t *p, size_t n) {
  if (n == 0) return;
  uint8_t type = p[0];
  size_t i = 1;
  if (i < n && p[i] == '/') {                   // an explicit namespace: only "/" exists here
    size_t j = i; while (j < n && p[j] != ',') j++;
    if (!(j - i == 1)) {
      if (type == '0') {
        piece ps[] = { LIT("44"), { p + i, j - i }, LIT(",{\"message\":\"Invalid namespace\"}") };
        send_frame(c, 1, ps, 3);
      }
      return;
    }
    i = j < n ? j + 1 : j;
  }
  switch (type) {
  case '0': {                                   // CONNECT (any auth payload is accepted)
    char sid[21]; make_sid(sid);
    piece ps[] = { LIT("40{\"sid\":\""), { sid, 20 }, LIT("\"}") };
    send_frame(c, 1, ps, 3);
    c->sio = 1;
    break;
  }
  case '1': c->sio = 0; while (c->nrooms) room_leave_at(c, c->nrooms - 1); break;
  case '2': if (c->sio) sio_event(c, p + i, n - i); break;
  default: break;                               // acks from clients, binary events: loadgen sends none
  }
}

// One complete WebSocket message (text or binary), i.e. one Engine.IO packet.
static void on_message(conn *c, uint8_t op, const uint8_t *p, size_t n) {
  if (op != 1 || n == 0) return;                // binary Engine.IO packets are not used by loadgen
  switch (p[0]) {
  case '1': send_close(c, 1000); break;         // Engine.IO CLOSE
  case '2': { piece ps[] = { LIT("3"), { p + 1, n - 1 } }; send_frame(c, 1, ps, 2); break; }
  case '4': sio_packet(c, p + 1, n - 1); break;
  default: break;                               // '3' pong: nothing to do; '6' noop
  }
}

// ---------------------------------------------------------------- HTTP upgrade
static const uint8_t *find(const uint8_t *p, size_t n, const char *s) {
  return memmem(p, n, s, strlen(s));
}
static int has_token(const uint8_t *v, size_t n, const char *tok) {   // case-insensitive substring is enough here
  size_t t = strlen(tok);
  for (size_t i = 0; i + t <= n; i++) if (strncasecmp((const char *)v + i, tok, t) == 0) return 1;
  return 0;
}
static int query_has(const uint8_t *q, size_t n, const char *kv) {   // kv ("EIO=4") is a whole &-separated item
  size_t k = strlen(kv);
  for (size_t i = 0; i + k <= n; i++)
    if ((i == 0 || q[i - 1] == '&') && memcmp(q + i, kv, k) == 0 && (i + k == n || q[i + k] == '&')) return 1;
  return 0;
}
// Handles the request head [p, p+n) (ending in CRLFCRLF): 101 plus the Engine.IO open packet, or 400.
static void on_http(conn *c, const uint8_t *p, size_t n) {
  const uint8_t *eol = find(p, n, "\r\n");
  int ok = eol && n > 4 && memcmp(p, "GET ", 4) == 0;
  const uint8_t *key = NULL; size_t keyn = 0; int upgrade = 0, version = 0;
  if (ok) {
    const uint8_t *t = p + 4, *sp = memchr(t, ' ', (size_t)(eol - t));
    const uint8_t *qm = sp ? memchr(t, '?', (size_t)(sp - t)) : NULL;
    ok = sp && qm && (size_t)(qm - t) == 11 && memcmp(t, "/socket.io/", 11) == 0 &&
         query_has(qm + 1, (size_t)(sp - qm - 1), "EIO=4") && query_has(qm + 1, (size_t)(sp - qm - 1), "transport=websocket") &&
         !find(qm + 1, (size_t)(sp - qm - 1), "sid=");
  }
  for (const uint8_t *l = eol ? eol + 2 : p + n; ok && l < p + n - 2;) {
    const uint8_t *e = find(l, (size_t)(p + n - l), "\r\n"); if (!e) break;
    const uint8_t *colon = memchr(l, ':', (size_t)(e - l));
    if (colon) {
      size_t kn = (size_t)(colon - l);
      const uint8_t *v = colon + 1; while (v < e && (*v == ' ' || *v == '\t')) v++;
      size_t vn = (size_t)(e - v); while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t')) vn--;
      if (kn == 7 && strncasecmp((const char *)l, "upgrade", 7) == 0) upgrade |= has_token(v, vn, "websocket");
      else if (kn == 10 && strncasecmp((const char *)l, "connection", 10) == 0) upgrade |= has_token(v, vn, "upgrade") << 1;
      else if (kn == 17 && strncasecmp((const char *)l, "sec-websocket-key", 17) == 0) { key = v; keyn = vn; }
      else if (kn == 21 && strncasecmp((const char *)l, "sec-websocket-version", 21) == 0) version = vn == 2 && memcmp(v, "13", 2) == 0;
    }
    l = e + 2;
  }
  if (!ok || upgrade != 3 || !version || keyn != 24) {
    static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request";
    uint8_t *o = out_reserve(c, sizeof bad - 1); if (o) memcpy(o, bad, sizeof bad - 1);
    c->closing = 1;
    return;
  }
  uint8_t buf[24 + 36], digest[SHA_DIGEST_LENGTH], accept[32];
  memcpy(buf, key, 24); memcpy(buf + 24, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 36);
  SHA1(buf, sizeof buf, digest);
  EVP_EncodeBlock(accept, digest, SHA_DIGEST_LENGTH);   // 28 characters and a NUL
  char head[160];
  int hn = snprintf(head, sizeof head, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", (const char *)accept);
  uint8_t *o = out_reserve(c, (size_t)hn); if (o) memcpy(o, head, (size_t)hn);
  char sid[21], open[160]; make_sid(sid);
  snprintf(open, sizeof open, "0{\"sid\":\"%s\",\"upgrades\":[],\"pingInterval\":%d,\"pingTimeout\":20000,"
           "\"maxPayload\":1000000}", sid, PING_MS);
  send_text(c, open);
  c->state = ST_WS;
}

// ---------------------------------------------------------------- WebSocket framing
// Parses as much of [p, p+n) as is complete; returns the bytes consumed. Unmasks in place.
static size_t parse(conn *c, uint8_t *p, size_t n) {
  size_t off = 0;
  if (c->state == ST_HTTP) {
    const uint8_t *e = find(p, n, "\r\n\r\n");
    if (!e) {
      if (n > MAX_HTTP) { on_http(c, p, 0); return n; }        // too long: answered with 400
      return 0;
    }
    off = (size_t)(e + 4 - p);
    on_http(c, p, off);
  }
  while (!c->closing && !c->kill && n - off >= 2) {
    uint8_t *f = p + off; size_t avail = n - off;
    uint8_t fin = f[0] & 0x80, op = f[0] & 0x0f;
    if ((f[0] & 0x70) || !(f[1] & 0x80)) { send_close(c, 1002); break; }  // RSV bits, or an unmasked client frame
    uint64_t len = f[1] & 0x7f; size_t h = 2;
    if (len == 126) { if (avail < 4) break; len = (uint64_t)f[2] << 8 | f[3]; h = 4; }
    else if (len == 127) {
      if (avail < 10) break;
      len = 0; for (int i = 0; i < 8; i++) len = len << 8 | f[2 + i];
      h = 10;
    }
    if (len > MAX_FRAME) { send_close(c, 1009); break; }
    if (op >= 8 && (!fin || len > 125)) { send_close(c, 1002); break; }
    if (avail < h + 4 + len) break;
    uint8_t *mask = f + h, *d = f + h + 4;
    for (size_t i = 0; i < len; i++) d[i] ^= mask[i & 3];
    off += h + 4 + (size_t)len;
    switch (op) {
    case 8: { piece ps = { d, len >= 2 ? 2 : 0 }; send_frame(c, 8, &ps, 1); c->closing = 1; break; }
    case 9: { piece ps = { d, (size_t)len }; send_frame(c, 10, &ps, 1); break; }
    case 10: break;
    case 0: case 1: case 2:
      if ((op == 0) != (c->frag_op != 0)) { send_close(c, 1002); break; }  // continuation without a start, or vice versa
      if (fin && op) { on_message(c, op, d, (size_t)len); break; }
      if (op) c->frag_op = op;
      if (c->msg_len + len > MAX_FRAME) { send_close(c, 1009); break; }
      if (c->msg_len + len > c->msg_cap) { c->msg_cap = c->msg_len + (size_t)len; c->msg = xrealloc(c->msg, c->msg_cap); }
      if (len) { memcpy(c->msg + c->msg_len, d, (size_t)len); c->msg_len += (size_t)len; }
      if (fin) { on_message(c, c->frag_op, c->msg, c->msg_len); c->frag_op = 0; c->msg_len = 0; free(c->msg); c->msg = NULL; c->msg_cap = 0; }
      break;
    default: send_close(c, 1002); break;        // reserved opcodes
    }
  }
  return c->closing || c->kill ? n : off;
}

// ---------------------------------------------------------------- connections
static void conn_close(conn *c) {
  if (c->closed) return;
  while (c->nrooms) room_leave_at(c, c->nrooms - 1);
  all[c->idx] = all[--nall]; all[c->idx]->idx = c->idx;
  close(c->fd);                                 // also removes it from the epoll set
  c->closed = 1;
  free(c->in); free(c->out); free(c->msg); c->in = c->out = c->msg = NULL;
  c->next_dead = dead; dead = c;                // freed after the batch: later events may still name it
}
static void on_readable(conn *c) {
  for (;;) {
    int own = c->in_len > 0;
    uint8_t *buf = scratch; size_t room = SCRATCH;
    if (own) {
      if (c->in_cap - c->in_len < 16384 && c->in_cap < MAX_IN) {
        size_t cap = c->in_cap * 2; if (cap > MAX_IN) cap = MAX_IN;
        c->in = xrealloc(c->in, cap); c->in_cap = cap;
      }
      buf = c->in + c->in_len; room = c->in_cap - c->in_len;
      if (room == 0) { conn_close(c); return; }
    }
    ssize_t r = recv(c->fd, buf, room, 0);
    if (r == 0) { conn_close(c); return; }
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) conn_close(c);
      return;
    }
    uint8_t *data = own ? c->in : scratch;
    size_t len = own ? c->in_len + (size_t)r : (size_t)r;
    size_t used = parse(c, data, len), left = len - used;
    if (left && !own) {                           // keep the partial frame in the connection's own buffer
      c->in_cap = left + 16384 > 65536 ? left + 16384 : 65536;
      c->in = xrealloc(NULL, c->in_cap);
      memcpy(c->in, scratch + used, left);
    } else if (own && left) memmove(c->in, c->in + used, left);
    c->in_len = left;
    if (!left && c->in) { free(c->in); c->in = NULL; c->in_cap = 0; }
    if (c->closing || c->kill || (size_t)r < room) return;
  }
}
static void on_accept(void) {
  for (int k = 0; k < 256; k++) {
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        epoll_ctl(ep, EPOLL_CTL_DEL, lfd, NULL); listen_paused = 1;   // resume in 100 ms rather than spin
        listen_resume_at = now_ms() + 100;
      }
      return;
    }
    int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn *c = xrealloc(NULL, sizeof *c); memset(c, 0, sizeof *c);
    c->fd = fd;
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) { close(fd); free(c); continue; }
    if (nall == all_cap) { all_cap = all_cap ? all_cap * 2 : 1024; all = xrealloc(all, all_cap * sizeof *all); }
    c->idx = nall; all[nall++] = c;
  }
}
// One send per dirty connection; a backlog waits for EPOLLOUT instead of being retried every batch.
static void flush_all(void) {
  for (uint32_t i = 0; i < ndirty; i++) {
    conn *c = dirty[i]; c->dirty = 0;
    if (c->closed) continue;
    if (c->kill) { conn_close(c); continue; }
    if (c->out_len > c->out_off && (!c->want_out || c->out_ready)) {
      c->out_ready = 0;
      ssize_t w = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
      if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { conn_close(c); continue; }
      if (w > 0) c->out_off += (size_t)w;
      int backlog = c->out_off < c->out_len;
      if (!backlog) {
        c->out_off = c->out_len = 0;
        if (c->out_cap > 65536) { free(c->out); c->out = NULL; c->out_cap = 0; }
      }
      if (backlog != c->want_out && !c->closing) {
        struct epoll_event ev = { .events = EPOLLIN | (backlog ? EPOLLOUT : 0), .data.ptr = c };
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev); c->want_out = (uint8_t)backlog;
      }
    }
    if (c->closing) conn_close(c);              // after the best-effort write of the close frame or the 400
  }
  ndirty = 0;
}

static void usage(void) {
  fprintf(stderr, "usage: floor [--host H] [--port P] [--ping-interval MS] [--ping-timeout MS] "
                  "[--connect-timeout MS] [--max-payload N] [--pace-us US]\n"
                  "  the ping, timeout and payload flags are accepted and ignored; --pace-us sleeps that long after each\n"
                  "  epoll batch (an experiment in batching, default 0: off)\n");
  exit(2);
}
int main(int argc, char **argv) {
  const char *host = "127.0.0.1"; int port = 3000; long pace_us = 0;
  for (int i = 1; i < argc; i++) {
    if (i + 1 >= argc) usage();
    if (!strcmp(argv[i], "--host")) host = argv[++i];
    else if (!strcmp(argv[i], "--port")) port = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--pace-us")) pace_us = atol(argv[++i]);
    else if (!strcmp(argv[i], "--ping-interval") || !strcmp(argv[i], "--ping-timeout") ||
             !strcmp(argv[i], "--connect-timeout") || !strcmp(argv[i], "--max-payload")) i++;
    else usage();
  }
  signal(SIGPIPE, SIG_IGN);
  sid_seed = (uint64_t)time(NULL) * 0x2545F4914F6CDD1Dull ^ (uint64_t)getpid() << 32;
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) { fprintf(stderr, "floor: --host must be an IPv4 address\n"); return 2; }
  lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1; setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(lfd, 4096) < 0) { perror("floor: listen"); return 1; }
  socklen_t sl = sizeof sa; getsockname(lfd, (struct sockaddr *)&sa, &sl);
  char addr[INET_ADDRSTRLEN]; inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
  printf("listening on %s:%d\n", addr, ntohs(sa.sin_port)); fflush(stdout);

  ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev);
  static struct epoll_event evs[MAX_EVENTS];
  uint64_t next_ping = now_ms() + PING_MS;
  for (;;) {
    uint64_t now = now_ms();
    int timeout = next_ping > now ? (int)(next_ping - now) : 0;
    if (listen_paused) { int t = listen_resume_at > now ? (int)(listen_resume_at - now) : 0; if (t < timeout) timeout = t; }
    int n = epoll_wait(ep, evs, MAX_EVENTS, timeout);
    if (n < 0 && errno != EINTR) { perror("floor: epoll_wait"); return 1; }
    for (int i = 0; i < n; i++) {
      conn *c = evs[i].data.ptr;
      if (!c) { on_accept(); continue; }
      if (c->closed) continue;
      if (evs[i].events & EPOLLOUT) { c->out_ready = 1; mark_dirty(c); }
      if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
    }
    now = now_ms();
    if (now >= next_ping) {                       // Engine.IO heartbeat; pongs are read and ignored
      for (uint32_t i = 0; i < nall; i++) if (all[i]->state == ST_WS) send_text(all[i], "2");
      next_ping = now + PING_MS;
    }
    if (listen_paused && now >= listen_resume_at) { epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev); listen_paused = 0; }
    flush_all();
    while (dead) { conn *d = dead; dead = d->next_dead; free(d); }
    if (pace_us > 0) {                            // experiment, off by default: trade latency for larger batches
      struct timespec ts = { pace_us / 1000000, (pace_us % 1000000) * 1000 }; nanosleep(&ts, NULL);
    }
  }
}
