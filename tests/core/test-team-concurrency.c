/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include "sd-agent-store-private.h"
#include "sd-agents.h"
#include "sd-cases.h"
#include "sd-conversation-store-private.h"
#include "sd-conversations.h"
#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-router.h"
#include "sd-session.h"
#include "sd-staff.h"

/* Eight agents at eight desktops, each on a connection of its own, and a feeder bringing
 * buyers' chats, all at once on one shop for SHOPDESK_CONCURRENCY_SECONDS (60 unless set):
 * the agents route the queue, take chats, reply, hand chats to each other, close them, and
 * work a handful of shared cases (moving them, handing them over, adding notes). Then the
 * shop's own history is read back and must agree with itself and with what the threads
 * counted: no chat held by two agents, none routed to an agent at their limit, no counter
 * that lost a step, no action stored twice or lost, and no error but the refusals a desktop
 * shows when someone else changed a chat or a case first. On a team database (PostgreSQL,
 * READ COMMITTED) that holds only because the store locks what it reads before writing.
 * Two races it meets only now and then are also played out step by step on two connections
 * (team databases only): audit entries taking turns, and a router counting an agent's chats
 * after another router's. */

#define N_AGENTS     8
#define N_CUSTOMERS  12
#define N_CASES      6       /* shared cases worked at once, a closed one replaced */
#define LIMIT        3       /* each agent's max_concurrent */
#define MAX_WAITING  20      /* the feeder keeps at most this many chats waiting */
#define DEPARTMENT   1       /* every agent's, and the routing rule's */
#define N_EDITED     3       /* customers whose records every desk edits */

typedef struct
{
  /* What the threads did, each counted once it was stored. */
  guint routed;          /* chats the router gave */
  guint taken;           /* chats an agent assigned to themselves */
  guint transferred;
  guint closed;
  guint replies;
  guint buyer_messages;
  guint chats_opened;
  guint cases_opened;
  guint case_moves;      /* state changes, closing included */
  guint case_handovers;
  guint case_notes;
  guint customer_edits;  /* saves of a customer's record */
  /* The refusals a desktop shows; expected under contention. */
  guint refused_changed; /* SD_ERROR_CONFLICT: someone else changed it first */
  guint refused_taken;   /* SD_ERROR_PERMISSION_DENIED: a waiting chat someone took */
  guint refused_stale;   /* SD_ERROR_STALE: a customer saved by someone else since it was read */
  /* Anything else. */
  guint errors;
  char *first_error;
} Counts;

typedef struct Run Run;

/* A case move a desktop saw succeed: from the state it showed, by its agent. */
typedef struct
{
  gint64       case_id;
  gint64       staff_id;
  SdCaseState  from;
  SdCaseState  to;
} Move;

typedef struct
{
  Run       *run;
  SdSession *session;    /* on a connection of its own */
  gint64     staff_id;
  GRand     *rand;
  Counts     counts;
  GArray    *moves;      /* Move */
} Desk;

struct Run
{
  gint64     deadline;   /* monotonic */
  gint64     agent_ids[N_AGENTS];
  gint64     customer_ids[N_CUSTOMERS];
  GMutex     lock;       /* cases[] */
  gint64     cases[N_CASES];
  gint       next_ref;
};

static gboolean
running (Desk *desk)
{
  return g_get_monotonic_time () < desk->run->deadline;
}

/* Counts *ERROR as a refusal when it is one a desktop expects, else as an error; clears it. */
static void
count_error (Desk    *desk,
             GError **error_ptr)
{
  GError *error = *error_ptr;
  Counts *counts = &desk->counts;

  if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
    counts->refused_changed++;
  else if (g_error_matches (error, SD_ERROR, SD_ERROR_STALE))
    counts->refused_stale++;
  else if (g_error_matches (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED))
    counts->refused_taken++;
  else
    {
      counts->errors++;
      if (counts->first_error == NULL)
        counts->first_error = g_strdup_printf ("%s (%s %d)", error->message,
                                               g_quark_to_string (error->domain), error->code);
    }
  g_clear_error (error_ptr);
}

/* The ids of the conversations FILTER selects as DESK sees them; NULL after an error. */
static GArray *
conversation_ids (Desk                       *desk,
                  const SdConversationFilter *filter)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) list = sd_conversations_list (desk->session, filter, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (list == NULL)
    {
      count_error (desk, &error);
      return ids;
    }
  for (guint i = 0; i < list->len; i++)
    g_array_append_val (ids, ((SdConversation *) list->pdata[i])->id);
  return ids;
}

static gint64
pick (Desk   *desk,
      GArray *ids)
{
  if (ids->len == 0)
    return 0;
  return g_array_index (ids, gint64, g_rand_int_range (desk->rand, 0, (gint32) ids->len));
}

/* ---- The feeder: buyers open chats and write ---- */

static gpointer
feeder_thread (gpointer data)
{
  Desk *desk = data;
  SdConversationFilter waiting = SD_CONVERSATION_FILTER_INIT;
  SdConversationFilter any = SD_CONVERSATION_FILTER_INIT;

  waiting.state = SD_CONVERSATION_WAITING;
  waiting.limit = MAX_WAITING + 1;
  any.limit = 20;
  while (running (desk))
    {
      g_autoptr(GArray) queue = conversation_ids (desk, &waiting);
      g_autoptr(GArray) recent = conversation_ids (desk, &any);
      GError *error = NULL;

      if (queue->len < MAX_WAITING)
        {
          g_autofree char *ref = g_strdup_printf ("chat-%d", g_atomic_int_add (&desk->run->next_ref, 1));
          g_autofree char *nick = g_strdup_printf ("买家%d", g_rand_int_range (desk->rand, 1, 40));
          gint64 id = sd_conversations_open (desk->session, "demo", ref, nick, DEPARTMENT, &error);

          if (id == 0)
            count_error (desk, &error);
          else if (sd_conversations_add_message (desk->session, id, SD_CHAT_IN, "在吗？", 0, &error) == 0)
            {
              desk->counts.chats_opened++;
              count_error (desk, &error);
            }
          else
            {
              desk->counts.chats_opened++;
              desk->counts.buyer_messages++;
            }
        }
      /* A buyer writes again in one of the newest chats; one just closed refuses it. */
      if (recent->len > 0)
        {
          if (sd_conversations_add_message (desk->session, pick (desk, recent), SD_CHAT_IN, "还有一个问题", 0,
                                            &error) == 0)
            count_error (desk, &error);
          else
            desk->counts.buyer_messages++;
        }
      g_usleep (g_rand_int_range (desk->rand, 2000, 8000));
    }
  return NULL;
}

/* ---- An agent's desktop ---- */

static void
route (Desk *desk)
{
  GError *error = NULL;
  guint assigned = 0;

  if (!sd_router_route_waiting (desk->session, &assigned, NULL, &error))
    count_error (desk, &error);
  desk->counts.routed += assigned;
}

/* As a desktop offers it: a chat from the queue while the agent has room for one. */
static void
take_waiting (Desk *desk)
{
  SdConversationFilter waiting = SD_CONVERSATION_FILTER_INIT;
  SdConversationFilter mine = SD_CONVERSATION_FILTER_INIT;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GArray) own = NULL;
  GError *error = NULL;
  gint64 id;

  mine.state = SD_CONVERSATION_OPEN;
  mine.staff_id = desk->staff_id;
  own = conversation_ids (desk, &mine);
  if (own->len >= LIMIT)
    return;
  waiting.state = SD_CONVERSATION_WAITING;
  queue = conversation_ids (desk, &waiting);
  if ((id = pick (desk, queue)) == 0)
    return;
  if (sd_conversations_assign (desk->session, id, desk->staff_id, &error))
    desk->counts.taken++;
  else
    count_error (desk, &error);
}

static void
work_own_chat (Desk *desk)
{
  SdConversationFilter mine = SD_CONVERSATION_FILTER_INIT;
  g_autoptr(GArray) own = NULL;
  GError *error = NULL;
  gint64 id;
  int what = g_rand_int_range (desk->rand, 0, 10);

  mine.state = SD_CONVERSATION_OPEN;
  mine.staff_id = desk->staff_id;
  own = conversation_ids (desk, &mine);
  if ((id = pick (desk, own)) == 0)
    return;
  if (what < 6)
    {
      if (sd_conversations_add_message (desk->session, id, SD_CHAT_OUT, "您好，我来帮您看看", 0, &error) != 0)
        desk->counts.replies++;
      else
        count_error (desk, &error);
    }
  else if (what < 8)
    {
      gint64 to = desk->run->agent_ids[g_rand_int_range (desk->rand, 0, N_AGENTS)];

      if (to == desk->staff_id)
        return;
      if (sd_conversations_transfer (desk->session, id, to, "转给同事", &error))
        desk->counts.transferred++;
      else
        count_error (desk, &error);
    }
  else
    {
      if (sd_conversations_close (desk->session, id, &error))
        desk->counts.closed++;
      else
        count_error (desk, &error);
    }
}

static gint64
open_case (Desk *desk)
{
  GError *error = NULL;
  SdCaseOpen open = { 0 };
  gint64 id;

  open.type = SD_CASE_COMPLAINT;
  open.customer_id = desk->run->customer_ids[g_rand_int_range (desk->rand, 0, N_CUSTOMERS)];
  open.title = "包裹迟迟未到";
  id = sd_cases_open (desk->session, &open, &error);
  if (id == 0)
    count_error (desk, &error);
  else
    desk->counts.cases_opened++;
  return id;
}

/* A state the case may move to from FROM, closing now and then. */
static gboolean
next_state (Desk        *desk,
            SdCaseState  from,
            SdCaseState *out_state)
{
  SdCaseState options[SD_CASE_STATE_N];
  guint n = 0;

  for (int s = 0; s < SD_CASE_CLOSED; s++)
    if (s != (int) from && sd_case_state_can_move (from, (SdCaseState) s))
      options[n++] = (SdCaseState) s;
  if (n == 0 || g_rand_int_range (desk->rand, 0, 12) == 0)
    {
      *out_state = SD_CASE_CLOSED;
      return sd_case_state_can_move (from, SD_CASE_CLOSED);
    }
  *out_state = options[g_rand_int_range (desk->rand, 0, (gint32) n)];
  return TRUE;
}

static void
work_case (Desk *desk)
{
  Run *run = desk->run;
  guint slot = (guint) g_rand_int_range (desk->rand, 0, N_CASES);
  g_autoptr(SdCase) c = NULL;
  SdCaseUpdate update = { 0 };
  GError *error = NULL;
  gint64 id;
  int what = g_rand_int_range (desk->rand, 0, 10);

  g_mutex_lock (&run->lock);
  id = run->cases[slot];
  g_mutex_unlock (&run->lock);
  if (!(c = sd_cases_get (desk->session, id, &error)))
    {
      count_error (desk, &error);
      return;
    }
  if (c->state == SD_CASE_CLOSED)
    {
      gint64 fresh = open_case (desk);

      g_mutex_lock (&run->lock);
      if (fresh != 0 && run->cases[slot] == id)
        run->cases[slot] = fresh;
      g_mutex_unlock (&run->lock);
      return;
    }
  if (what < 5)
    {
      /* As a desktop does: the state it shows, then the one clicked. */
      if (!next_state (desk, c->state, &update.state))
        return;
      update.set_state = TRUE;
      update.check_seen_state = TRUE;
      update.seen_state = c->state;
      if (sd_cases_update (desk->session, id, &update, &error))
        {
          Move move = { id, desk->staff_id, c->state, update.state };

          g_array_append_val (desk->moves, move);
          desk->counts.case_moves++;
        }
      else
        count_error (desk, &error);
    }
  else if (what < 7)
    {
      update.set_staff = TRUE;
      update.staff_id = desk->run->agent_ids[g_rand_int_range (desk->rand, 0, N_AGENTS)];
      if (update.staff_id == c->staff_id)
        return;
      update.check_seen_staff = TRUE;
      update.seen_staff_id = c->staff_id;
      if (sd_cases_update (desk->session, id, &update, &error))
        desk->counts.case_handovers++;
      else
        count_error (desk, &error);
    }
  else
    {
      if (sd_cases_add_note (desk->session, id, "已联系快递", &error))
        desk->counts.case_notes++;
      else
        count_error (desk, &error);
    }
}

/* A desk's form: read a customer, change the record, save. Each save adds one to a count
 * kept in the record (its source), so a save that overwrote another would lose a step. */
static void
edit_customer (Desk *desk)
{
  gint64 id = desk->run->customer_ids[g_rand_int_range (desk->rand, 0, N_EDITED)];
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) base = sd_customers_get (desk->session, id, &error);
  g_autoptr(SdCustomer) mine = NULL;
  g_autofree char *next = NULL;

  if (base == NULL)
    {
      count_error (desk, &error);
      return;
    }
  mine = sd_customer_copy (base);
  next = g_strdup_printf ("%" G_GUINT64_FORMAT, g_ascii_strtoull (base->source, NULL, 10) + 1);
  sd_customer_set_text (&mine->source, next);
  /* Between the read and the save another desk may save: the form is slow. */
  g_usleep (g_rand_int_range (desk->rand, 0, 2000));
  if (sd_customers_save_edit (desk->session, base, mine, NULL, NULL, NULL, &error))
    desk->counts.customer_edits++;
  else
    count_error (desk, &error);
}

static gpointer
agent_thread (gpointer data)
{
  Desk *desk = data;

  while (running (desk))
    {
      int what = g_rand_int_range (desk->rand, 0, 22);

      if (what >= 20)
        edit_customer (desk);
      else if (what < 4)
        route (desk);
      else if (what < 6)
        take_waiting (desk);
      else if (what < 13)
        work_own_chat (desk);
      else
        work_case (desk);
      g_usleep (g_rand_int_range (desk->rand, 0, 3000));
    }
  return NULL;
}

/* ---- Reading the history back ---- */

static SdStmt *
query (SdDb       *db,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  SdStmt *stmt = _sd_db_prepare_dynamic (db, sql, "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  return stmt;
}

static gint64
count_of (SdDb       *db,
          const char *sql)
{
  g_autoptr(SdStmt) stmt = query (db, sql);
  gint64 n;

  g_assert_cmpint (sd_stmt_step (stmt), ==, SD_STMT_ROW);
  n = sd_stmt_column_int64 (stmt, 0);
  return n;
}

/* Every chat's assignments, transfers and closing, in the order they were stored, from who
 * held it to whom: each starts from the agent who held it then (nobody for a waiting
 * one), nothing follows the closing, and the chat ends with the last one's agent. Along
 * the way, every agent's open chats: none was routed to an agent already at their limit. */
static void
check_chat_history (SdDb *db)
{
  g_autoptr(SdStmt) events = query (db,
      "SELECT e.conversation_id, e.kind, coalesce (e.by_staff_id, 0), coalesce (e.from_staff_id, 0), "
      "  coalesce (e.to_staff_id, 0) FROM conversation_events e "
      "WHERE e.kind IN ('assigned', 'transferred', 'closed') ORDER BY e.id");
  g_autoptr(SdStmt) chats = query (db, "SELECT id, coalesce (staff_id, 0), state FROM conversations");
  g_autoptr(SdStmt) limits = query (db, "SELECT staff_id, max_concurrent FROM agent_status");
  g_autoptr(GHashTable) holder = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) load = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) limit = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gint64 closed_mark = -1;
  guint routed_checked = 0;

  while (sd_stmt_step (limits) == SD_STMT_ROW)
    g_hash_table_insert (limit, g_memdup2 (&(gint64) { sd_stmt_column_int64 (limits, 0) }, sizeof (gint64)),
                         g_memdup2 (&(gint64) { sd_stmt_column_int64 (limits, 1) }, sizeof (gint64)));

#define GET(table, key) (g_hash_table_contains (table, &(key)) ? *(gint64 *) g_hash_table_lookup (table, &(key)) : 0)
#define SET(table, key, value) \
  g_hash_table_insert (table, g_memdup2 (&(key), sizeof (gint64)), g_memdup2 (&(gint64) { value }, sizeof (gint64)))

  while (sd_stmt_step (events) == SD_STMT_ROW)
    {
      gint64 chat = sd_stmt_column_int64 (events, 0);
      const char *kind = sd_stmt_column_text (events, 1);
      gint64 by = sd_stmt_column_int64 (events, 2);
      gint64 from = sd_stmt_column_int64 (events, 3);
      gint64 to = sd_stmt_column_int64 (events, 4);
      gint64 held = GET (holder, chat);

      if (held == closed_mark)
        g_error ("conversation %" G_GINT64_FORMAT ": %s after it was closed", chat, kind);
      if (from != held)
        g_error ("conversation %" G_GINT64_FORMAT ": %s from agent %" G_GINT64_FORMAT " while agent %"
                 G_GINT64_FORMAT " held it: two desktops changed it at once", chat, kind, from, held);
      if (g_str_equal (kind, "closed"))
        {
          if (held > 0)
            SET (load, held, GET (load, held) - 1);
          SET (holder, chat, closed_mark);
          continue;
        }
      if (g_str_equal (kind, "assigned") && held != 0)
        g_error ("conversation %" G_GINT64_FORMAT " assigned to %" G_GINT64_FORMAT " while agent %"
                 G_GINT64_FORMAT " held it", chat, to, held);
      if (g_str_equal (kind, "assigned") && by == 0)
        {
          if (GET (load, to) >= GET (limit, to))
            g_error ("conversation %" G_GINT64_FORMAT " routed to agent %" G_GINT64_FORMAT " who had %"
                     G_GINT64_FORMAT " open chats, their limit being %" G_GINT64_FORMAT,
                     chat, to, GET (load, to), GET (limit, to));
          routed_checked++;
        }
      if (held > 0)
        SET (load, held, GET (load, held) - 1);
      SET (load, to, GET (load, to) + 1);
      SET (holder, chat, to);
    }
  g_assert_cmpuint (routed_checked, >, 0);

  while (sd_stmt_step (chats) == SD_STMT_ROW)
    {
      gint64 chat = sd_stmt_column_int64 (chats, 0);
      gint64 staff = sd_stmt_column_int64 (chats, 1);
      const char *state = sd_stmt_column_text (chats, 2);
      gint64 held = GET (holder, chat);

      if (held == closed_mark)
        g_assert_cmpstr (state, ==, "closed");
      else
        {
          g_assert_cmpint (staff, ==, held);
          g_assert_cmpstr (state, ==, held == 0 ? "waiting" : "open");
        }
    }
#undef GET
#undef SET
}

/* Every case's state changes, in order, each from the state the one before left, and the
 * case in the state the last one says; its handler the last handover's. */
static void
check_case_history (SdDb *db)
{
  g_autoptr(SdStmt) events = query (db,
      "SELECT e.case_id, e.kind, e.from_value, e.to_value FROM case_events e "
      "WHERE e.kind IN ('opened', 'state', 'assigned') ORDER BY e.case_id, e.id");
  g_autoptr(SdStmt) cases = query (db,
      "SELECT c.id, c.state, coalesce (nullif (s.display_name, ''), s.login, '') FROM cases c "
      "LEFT JOIN staff s ON s.id = c.staff_id ORDER BY c.id");
  g_autoptr(GHashTable) state = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) handler = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  while (sd_stmt_step (events) == SD_STMT_ROW)
    {
      gint64 id = sd_stmt_column_int64 (events, 0);
      const char *kind = sd_stmt_column_text (events, 1);
      const char *from = sd_stmt_column_text (events, 2);
      const char *to = sd_stmt_column_text (events, 3);

      if (g_str_equal (kind, "opened"))
        {
          g_hash_table_insert (state, g_memdup2 (&id, sizeof id), g_strdup (to));
          continue;
        }
      if (g_str_equal (kind, "assigned"))
        {
          g_hash_table_insert (handler, g_memdup2 (&id, sizeof id), g_strdup (to));
          continue;
        }
      if (g_strcmp0 (g_hash_table_lookup (state, &id), from) != 0)
        g_error ("case %" G_GINT64_FORMAT " moved from “%s” to “%s” while it was “%s”: two desktops moved it "
                 "at once", id, from, to, (const char *) g_hash_table_lookup (state, &id));
      g_hash_table_insert (state, g_memdup2 (&id, sizeof id), g_strdup (to));
    }
  while (sd_stmt_step (cases) == SD_STMT_ROW)
    {
      gint64 id = sd_stmt_column_int64 (cases, 0);
      const char *last_handler = g_hash_table_lookup (handler, &id);

      g_assert_cmpstr (sd_stmt_column_text (cases, 1), ==, g_hash_table_lookup (state, &id));
      g_assert_cmpstr (sd_stmt_column_text (cases, 2), ==, last_handler ? last_handler : "");
    }
}

/* The state changes stored are exactly the MOVES the desktops saw succeed, each from the
 * state its desktop showed: none was moved on from a state someone else had set meanwhile. */
static void
check_moves (SdDb   *db,
             GArray *moves)
{
  g_autoptr(SdStmt) events = query (db,
      "SELECT case_id, coalesce (staff_id, 0), from_value, to_value FROM case_events WHERE kind = 'state'");
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (sd_stmt_step (events) == SD_STMT_ROW)
    {
      char *key = g_strdup_printf ("case %" G_GINT64_FORMAT " by %" G_GINT64_FORMAT ": %s → %s",
                                   sd_stmt_column_int64 (events, 0), sd_stmt_column_int64 (events, 1),
                                   sd_stmt_column_text (events, 2), sd_stmt_column_text (events, 3));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (stored, key));

      g_hash_table_replace (stored, key, GUINT_TO_POINTER (n + 1));
    }
  for (guint i = 0; i < moves->len; i++)
    {
      const Move *move = &g_array_index (moves, Move, i);
      g_autofree char *key = g_strdup_printf ("case %" G_GINT64_FORMAT " by %" G_GINT64_FORMAT ": %s → %s",
                                              move->case_id, move->staff_id,
                                              sd_case_state_to_string (move->from), sd_case_state_to_string (move->to));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (stored, key));

      if (n == 0)
        g_error ("%s succeeded, but the case's history has no such change: it moved from another state", key);
      g_hash_table_replace (stored, g_steal_pointer (&key), GUINT_TO_POINTER (n - 1));
    }
}

/* ---- The run ---- */

static guint
seconds (void)
{
  const char *text = g_getenv ("SHOPDESK_CONCURRENCY_SECONDS");
  guint64 value = 60;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, 3600, &value, NULL))
    g_error ("SHOPDESK_CONCURRENCY_SECONDS=%s is not a number of seconds (1 to 3600)", text);
  return (guint) value;
}

static void
add_counts (Counts       *sum,
            const Counts *c)
{
  sum->routed += c->routed;
  sum->taken += c->taken;
  sum->transferred += c->transferred;
  sum->closed += c->closed;
  sum->replies += c->replies;
  sum->buyer_messages += c->buyer_messages;
  sum->chats_opened += c->chats_opened;
  sum->cases_opened += c->cases_opened;
  sum->case_moves += c->case_moves;
  sum->case_handovers += c->case_handovers;
  sum->case_notes += c->case_notes;
  sum->customer_edits += c->customer_edits;
  sum->refused_stale += c->refused_stale;
  sum->refused_changed += c->refused_changed;
  sum->refused_taken += c->refused_taken;
  sum->errors += c->errors;
  if (sum->first_error == NULL && c->first_error != NULL)
    sum->first_error = g_strdup (c->first_error);
}

static SdSession *
own_connection (SdSession *session)
{
  g_autoptr(GError) error = NULL;
  SdSession *copy = sd_session_open_copy (session, &error);

  g_assert_no_error (error);
  return copy;
}

static void
set_up_shop (SdSession *owner,
             Run       *run,
             SdSession *agents[N_AGENTS])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_routing_rule_free);
  SdCaseOpen open = { 0 };

  g_ptr_array_add (rules, sd_routing_rule_new (SD_ROUTING_ANY, "", DEPARTMENT));
  g_assert_true (sd_routing_rules_replace (owner, rules, &error));
  g_assert_no_error (error);
  for (int i = 0; i < N_AGENTS; i++)
    {
      g_autofree char *login = g_strdup_printf ("agent%d", i + 1);
      g_autoptr(SdSession) agent = sd_test_staff_session (owner, login,
          SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN) | SD_PERMISSION_BIT (SD_PERMISSION_HANDLE_CASES) |
          SD_PERMISSION_BIT (SD_PERMISSION_VIEW_CUSTOMERS) | SD_PERMISSION_BIT (SD_PERMISSION_EDIT_CUSTOMERS));

      run->agent_ids[i] = sd_session_get_staff_id (agent);
      g_assert_true (sd_staff_set_department (owner, run->agent_ids[i], DEPARTMENT, &error));
      g_assert_true (sd_agents_set_status (agent, 0, SD_AGENT_ONLINE, &error));
      g_assert_true (sd_agents_configure (owner, run->agent_ids[i], LIMIT, 1 + i % 3, &error));
      g_assert_no_error (error);
      agents[i] = own_connection (agent);
    }
  for (int i = 0; i < N_CUSTOMERS; i++)
    {
      g_autofree char *nick = g_strdup_printf ("买家%d", i + 1);
      run->customer_ids[i] = sd_test_add_customer (owner, nick, NULL, NULL);
      if (i < N_EDITED)
        {
          g_autofree char *sql = g_strdup_printf ("UPDATE customers SET source = '0' WHERE id = %" G_GINT64_FORMAT,
                                                  run->customer_ids[i]);
          sd_test_exec (owner, sql);
        }
    }
  open.type = SD_CASE_COMPLAINT;
  open.title = "物流停滞";
  for (int i = 0; i < N_CASES; i++)
    {
      open.customer_id = run->customer_ids[i];
      run->cases[i] = sd_cases_open (owner, &open, &error);
      g_assert_no_error (error);
    }
}

static void
test_eight_desks (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SdSession) owner = sd_test_new_temp_shop (&dir, NULL);
  SdDb *db = sd_session_get_db (owner);
  SdSession *agents[N_AGENTS];
  Desk desks[N_AGENTS + 1];
  GThread *threads[N_AGENTS + 1];
  Counts sum = { 0 };
  Run run = { 0 };
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (Move));
  guint duration = seconds ();
  gint64 cases_before;

  g_mutex_init (&run.lock);
  set_up_shop (owner, &run, agents);
  cases_before = count_of (db, "SELECT count (*) FROM cases");

  run.deadline = g_get_monotonic_time () + (gint64) duration * G_USEC_PER_SEC;
  for (int i = 0; i <= N_AGENTS; i++)
    {
      /* Each desktop's choices from the test's seed (--seed repeats them, the timing aside). */
      desks[i] = (Desk) { &run, i < N_AGENTS ? agents[i] : own_connection (owner),
                          i < N_AGENTS ? run.agent_ids[i] : sd_session_get_staff_id (owner),
                          g_rand_new_with_seed ((guint32) g_test_rand_int ()), { 0 },
                          g_array_new (FALSE, FALSE, sizeof (Move)) };
      threads[i] = g_thread_new (i < N_AGENTS ? "agent" : "feeder",
                                 i < N_AGENTS ? agent_thread : feeder_thread, &desks[i]);
    }
  for (int i = 0; i <= N_AGENTS; i++)
    {
      g_thread_join (threads[i]);
      add_counts (&sum, &desks[i].counts);
      g_array_append_vals (moves, desks[i].moves->data, desks[i].moves->len);
      g_array_unref (desks[i].moves);
      g_clear_object (&desks[i].session);
      g_rand_free (desks[i].rand);
      g_free (desks[i].counts.first_error);
    }
  g_mutex_clear (&run.lock);

  g_test_message ("%u s: %u chats opened, %u routed, %u taken, %u transferred, %u closed, %u replies, "
                  "%u buyer messages; %u cases opened, %u moves, %u handovers, %u notes; %u customer saves; refused: "
                  "%u changed meanwhile, %u taken meanwhile, %u customers saved meanwhile; %u errors",
                  duration, sum.chats_opened, sum.routed, sum.taken, sum.transferred, sum.closed, sum.replies,
                  sum.buyer_messages, sum.cases_opened, sum.case_moves, sum.case_handovers, sum.case_notes,
                  sum.customer_edits, sum.refused_changed, sum.refused_taken, sum.refused_stale, sum.errors);
  if (sum.errors > 0)
    g_error ("%u unexpected errors, the first: %s", sum.errors, sum.first_error);
  g_free (sum.first_error);

  /* Every action the threads saw succeed is stored once, and nothing else is. */
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM conversations"), ==, sum.chats_opened);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM conversation_messages WHERE direction = 'out'"), ==,
                   sum.replies);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM conversation_messages WHERE direction = 'in'"), ==,
                   sum.buyer_messages);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM conversation_events WHERE kind = 'assigned' "
                                 "AND by_staff_id IS NULL"), ==, sum.routed);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM conversation_events WHERE kind = 'assigned' "
                                 "AND by_staff_id IS NOT NULL"), ==, sum.taken);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM conversation_events WHERE kind = 'transferred'"), ==,
                   sum.transferred);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM conversation_events WHERE kind = 'closed'"), ==,
                   sum.closed);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM cases"), ==, cases_before + sum.cases_opened);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM case_events WHERE kind = 'state'"), ==, sum.case_moves);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM case_events WHERE kind = 'assigned'"), ==,
                   sum.case_handovers);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM case_events WHERE kind = 'note'"), ==, sum.case_notes);

  /* Counters kept by read-and-add: none lost a step. */
  g_assert_cmpint (count_of (db, "SELECT coalesce (sum (agent_messages), 0) FROM conversations"), ==, sum.replies);
  g_assert_cmpint (count_of (db, "SELECT coalesce (sum (buyer_messages), 0) FROM conversations"), ==,
                   sum.buyer_messages);
  g_assert_cmpint (count_of (db, "SELECT coalesce (sum (routed), 0) FROM agent_status"), ==, sum.routed);
  /* Smooth round-robin gives back to the others what the winner loses: the turns of one
   * department always add up to nothing, unless a write of them was lost. */
  g_assert_cmpint (count_of (db, "SELECT coalesce (sum (wrr_current), 0) FROM agent_status"), ==, 0);

  /* Every customer save counted one step on top of the one before: none overwritten. */
  {
    guint64 steps = 0;

    for (int i = 0; i < N_EDITED; i++)
      {
        g_autoptr(SdCustomer) c = sd_test_get_customer (owner, run.customer_ids[i]);
        steps += g_ascii_strtoull (c->source, NULL, 10);
      }
    g_assert_cmpuint (steps, ==, sum.customer_edits);
    g_assert_cmpuint (sum.customer_edits, >, 0);
    g_assert_cmpuint (sum.refused_stale, >, 0);
  }

  check_chat_history (db);
  check_case_history (db);
  check_moves (db, moves);
  /* The run was busy enough to mean something: chats went every way, and desktops met. */
  g_assert_cmpuint (sum.routed, >, 0);
  g_assert_cmpuint (sum.transferred, >, 0);
  g_assert_cmpuint (sum.case_moves, >, 0);
  g_assert_cmpuint (sum.refused_changed + sum.refused_taken, >, 0);

  g_clear_object (&owner);
  sd_test_remove_tree (dir);
}

/* ---- Two desktops writing the audit log at once ---- */

typedef struct
{
  SdSession *session;
  gboolean   ok;
  GError    *error;
} SecondWriter;

static gpointer
second_writer_thread (gpointer data)
{
  SecondWriter *second = data;

  second->ok = sd_audit_append (second->session, SD_AUDIT_CASE_OPEN, "case", "2", "second", &second->error);
  return NULL;
}

/* The second desktop's entry waits while the first's transaction holds the log's end, then
 * follows it: two entries, one chain, instead of both taking the same id. */
static void
test_audit_turns (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SdSession) owner = sd_test_new_temp_shop (&dir, NULL);
  g_autoptr(SdSession) first = own_connection (owner);
  g_autoptr(GError) error = NULL;
  gint64 broken = -1;
  SecondWriter second = { own_connection (owner), FALSE, NULL };
  SdDb *db = sd_session_get_db (first);
  guint before = sd_test_audit_count (owner, SD_AUDIT_CASE_OPEN);
  GThread *thread;

  if (!sd_test_is_team ())
    {
      /* A shop file's second writer waits at BEGIN IMMEDIATE: nothing more to see. */
      g_clear_object (&second.session);
      g_clear_object (&first);
      g_clear_object (&owner);
      sd_test_remove_tree (dir);
      g_test_skip ("a shop file takes its writers one at a time");
      return;
    }
  g_assert_true (sd_db_begin (db, &error));
  g_assert_true (sd_audit_append (first, SD_AUDIT_CASE_OPEN, "case", "1", "first", &error));
  g_assert_no_error (error);
  thread = g_thread_new ("second-writer", second_writer_thread, &second);
  g_usleep (300 * 1000);
  g_assert_true (sd_db_commit (db, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_no_error (second.error);
  g_assert_true (second.ok);
  g_clear_object (&second.session);

  g_assert_cmpuint (sd_test_audit_count (owner, SD_AUDIT_CASE_OPEN), ==, before + 2);
  g_assert_true (sd_audit_verify (owner, NULL, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, 0);
  g_clear_object (&first);
  g_clear_object (&owner);
  sd_test_remove_tree (dir);
}

/* ---- Two routers, two chats, one agent ---- */

typedef struct
{
  char    *url;
  gint64   load;        /* the agent's open chats as the second router counts them */
  GError  *error;
} SecondRouter;

static gpointer
second_router_thread (gpointer data)
{
  SecondRouter *second = data;
  g_autoptr(SdDb) db = sd_db_open (second->url, &second->error);
  g_autoptr(GArray) candidates = NULL;

  if (db == NULL || !sd_db_begin (db, &second->error))
    return NULL;
  candidates = _sd_agent_store_candidates (db, DEPARTMENT, &second->error);
  if (candidates != NULL && candidates->len == 1)
    second->load = g_array_index (candidates, SdRouterCandidate, 0).load;
  sd_db_rollback (db);
  return NULL;
}

/* While one router gives a chat to the department's only agent, another router, routing
 * another chat, waits for it and then counts that chat: it does not see the agent one chat
 * below their limit when they are at it. */
static void
test_router_counts_after (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SdSession) owner = sd_test_new_temp_shop (&dir, &url);
  g_autoptr(SdSession) agent = NULL;
  g_autoptr(SdDb) first = NULL;
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  SecondRouter second = { url, -1, NULL };
  gint64 staff_id, chat;
  GThread *thread;

  if (!sd_test_is_team ())
    {
      g_clear_object (&owner);
      sd_test_remove_tree (dir);
      g_test_skip ("a shop file's routers take the write lock one at a time");
      return;
    }
  agent = sd_test_staff_session (owner, "agent", SD_PERMISSION_BIT (SD_PERMISSION_CONVERSATIONS_OWN));
  staff_id = sd_session_get_staff_id (agent);
  g_assert_true (sd_staff_set_department (owner, staff_id, DEPARTMENT, &error));
  g_assert_true (sd_agents_set_status (agent, 0, SD_AGENT_ONLINE, &error));
  g_assert_true (sd_agents_configure (owner, staff_id, 1, 1, &error));
  chat = sd_conversations_open (owner, "demo", "r1", "买家1", DEPARTMENT, &error);
  g_assert_no_error (error);

  first = sd_db_open (url, &error);
  g_assert_no_error (error);
  g_assert_true (sd_db_begin (first, &error));
  candidates = _sd_agent_store_candidates (first, DEPARTMENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_cmpint (g_array_index (candidates, SdRouterCandidate, 0).load, ==, 0);
  thread = g_thread_new ("second-router", second_router_thread, &second);
  /* The second blocks on the agent; meanwhile the first gives them the chat. */
  g_usleep (300 * 1000);
  g_assert_true (_sd_conversation_store_set_staff (first, chat, staff_id, DEPARTMENT, 1, &error));
  g_assert_true (sd_db_commit (first, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_no_error (second.error);
  g_assert_cmpint (second.load, ==, 1);
  g_clear_object (&agent);
  g_clear_object (&owner);
  g_clear_pointer (&first, sd_db_unref);
  sd_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/team/concurrency/audit-turns", test_audit_turns);
  g_test_add_func ("/core/team/concurrency/router-counts-after", test_router_counts_after);
  g_test_add_func ("/core/team/concurrency/eight-desks", test_eight_desks);
  return g_test_run ();
}
