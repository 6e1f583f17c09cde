/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-chatlog"

#include "sd-i18n.h"

#include <string.h>

#include "sd-audit.h"
#include "sd-chatlog.h"
#include "sd-conversation-store-private.h"
#include "sd-error.h"
#include "sd-values.h"

typedef enum
{
  COL_TIME,
  COL_BUYER,
  COL_STAFF,
  COL_DIRECTION,
  COL_TEXT,
  COL_N
} Column;

/* Header names per column, normalised (see normalise_header). */
static const char * const column_names[COL_N][12] = {
  [COL_TIME] = { "时间", "发送时间", "消息时间", "聊天时间", "time", "datetime", NULL },
  [COL_BUYER] = { "买家", "买家昵称", "买家旺旺", "客户", "客户昵称", "顾客", "旺旺", "buyer", "buyernick", "customer",
                  "nick", NULL },
  [COL_STAFF] = { "客服", "客服账号", "客服昵称", "子账号", "客服子账号", "接待客服", "staff", "staffaccount", "agent",
                  "account", NULL },
  [COL_DIRECTION] = { "方向", "发送方", "消息方向", "direction", "sender", NULL },
  [COL_TEXT] = { "内容", "消息内容", "聊天内容", "消息", "text", "message", "content", NULL },
};

/* What a person calls each column in a message. */
static const char *
column_label (Column column)
{
  switch (column)
    {
    case COL_TIME:
      return _("time (时间)");
    case COL_BUYER:
      return _("buyer (买家)");
    case COL_STAFF:
      return _("staff account (客服)");
    case COL_DIRECTION:
      return _("direction (方向)");
    case COL_TEXT:
    case COL_N:
    default:
      return _("text (内容)");
    }
}

static const char * const in_words[] = { "买家", "客户", "顾客", "buyer", "customer", "in", NULL };
static const char * const out_words[] = { "客服", "卖家", "商家", "seller", "agent", "staff", "out", NULL };
static const char * const system_words[] = { "系统", "system", NULL };

typedef struct
{
  gint64           at;
  guint            row;
  SdChatDirection  direction;
  gint64           staff_id;
  gint64           department_id;
  char            *buyer;
  char            *text;
} Message;

typedef struct
{
  gint64  id;
  gint64  department_id;
} Staff;

typedef struct
{
  SdSession        *session;
  SdDb             *db;
  SdChatlogResult  *result;
  int               columns[COL_N];     /* field index per column */
  char             *headers[COL_N];     /* as the file writes them */
  GHashTable       *staff;              /* name → Staff * (id 0: unknown) */
  GArray           *messages;           /* Message */
} Chatlog;

static void
message_clear (Message *m)
{
  g_free (m->buyer);
  g_free (m->text);
}

void
sd_chatlog_result_free (SdChatlogResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_free (result);
}

static void
chatlog_clear (Chatlog *log)
{
  for (int i = 0; i < COL_N; i++)
    g_free (log->headers[i]);
  g_clear_pointer (&log->staff, g_hash_table_unref);
  g_clear_pointer (&log->messages, g_array_unref);
  g_clear_pointer (&log->result, sd_chatlog_result_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Chatlog, chatlog_clear)

/* ASCII lower case, without spaces and underscores: "Buyer_Nick" → "buyernick". */
static char *
normalise_header (const char *cell)
{
  g_autofree char *clean = sd_csv_clean_cell (cell);
  GString *out = g_string_new (NULL);

  for (const char *p = clean; *p; p++)
    if (*p != ' ' && *p != '_')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static gboolean
word_in (const char         *word,
         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (word, words[i]))
      return TRUE;
  return FALSE;
}

static void
add_issue (Chatlog    *log,
           guint       row,
           const char *column,
           char       *message)
{
  SdImportIssue *issue = g_new0 (SdImportIssue, 1);

  issue->row = row;
  issue->column = g_strdup (column ? column : "");
  issue->message = message;
  g_ptr_array_add (log->result->errors, issue);
}

static gboolean
read_header (Chatlog      *log,
             SdCsvReader  *reader,
             GError      **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (int c = 0; c < COL_N; c++)
    log->columns[c] = -1;
  if (!sd_csv_reader_next (reader, error))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                             _("the chat log is empty: it needs a header row and one message a row"));
      return FALSE;
    }
  for (guint i = 0; i < sd_csv_reader_get_n_fields (reader); i++)
    {
      g_autofree char *name = normalise_header (sd_csv_reader_get_field (reader, i));
      for (int c = 0; c < COL_N; c++)
        if (log->columns[c] < 0 && word_in (name, column_names[c]))
          {
            log->columns[c] = (int) i;
            log->headers[c] = sd_csv_clean_cell (sd_csv_reader_get_field (reader, i));
          }
    }
  for (int c = 0; c < COL_N; c++)
    if (log->columns[c] < 0)
      g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", column_label (c));
  if (missing->len == 0)
    return TRUE;
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
               _("the chat log has no column for %s: name the header cells as sd-chatlog.h lists "
                 "(e.g. 时间, 买家, 客服, 方向, 内容)"), missing->str);
  return FALSE;
}

static const char *
field (SdCsvReader *reader,
       Chatlog     *log,
       Column       column)
{
  guint i = (guint) log->columns[column];

  return i < sd_csv_reader_get_n_fields (reader) ? sd_csv_reader_get_field (reader, i) : "";
}

static const Staff *
lookup_staff (Chatlog    *log,
              const char *name)
{
  Staff *staff = g_hash_table_lookup (log->staff, name);

  if (staff == NULL)
    {
      staff = g_new0 (Staff, 1);
      staff->id = _sd_conversation_store_find_staff (log->db, name, &staff->department_id);
      g_hash_table_insert (log->staff, g_strdup (name), staff);
    }
  return staff;
}

static gboolean
parse_direction (const char      *cell,
                 SdChatDirection *out)
{
  g_autofree char *word = normalise_header (cell);

  if (word_in (word, in_words))
    *out = SD_CHAT_IN;
  else if (word_in (word, out_words))
    *out = SD_CHAT_OUT;
  else if (word_in (word, system_words))
    *out = SD_CHAT_SYSTEM;
  else
    return FALSE;
  return TRUE;
}

/* The record the reader holds as a message; FALSE after reporting what is wrong with it. */
static gboolean
read_message (Chatlog     *log,
              SdCsvReader *reader,
              Message     *m)
{
  guint row = sd_csv_reader_get_row (reader);
  g_autofree char *time = sd_csv_clean_cell (field (reader, log, COL_TIME));
  g_autofree char *staff_name = sd_csv_clean_cell (field (reader, log, COL_STAFF));
  g_autofree char *message = NULL;
  const Staff *staff;

  m->row = row;
  if (!sd_parse_time (time, &m->at, &message))
    {
      add_issue (log, row, log->headers[COL_TIME], g_strdup_printf (_("“%s” is not a time: %s"), time, message));
      return FALSE;
    }
  m->buyer = sd_csv_clean_cell (field (reader, log, COL_BUYER));
  if (*m->buyer == '\0')
    {
      add_issue (log, row, log->headers[COL_BUYER], g_strdup (_("the buyer’s nick is empty")));
      return FALSE;
    }
  if (!parse_direction (field (reader, log, COL_DIRECTION), &m->direction))
    {
      add_issue (log, row, log->headers[COL_DIRECTION],
                 g_strdup_printf (_("“%s” is not a direction: write 买家 (or in) for the buyer, 客服 (or out) for "
                                    "the agent"), field (reader, log, COL_DIRECTION)));
      return FALSE;
    }
  staff = lookup_staff (log, staff_name);
  if (staff->id == 0)
    {
      add_issue (log, row, log->headers[COL_STAFF],
                 *staff_name ? g_strdup_printf (_("the shop has no staff account “%s”: add it, or correct the name"),
                                                staff_name)
                             : g_strdup (_("the staff account is empty")));
      return FALSE;
    }
  m->staff_id = staff->id;
  m->department_id = staff->department_id;
  /* The text as written: only the encoding is undone. */
  m->text = g_strdup (field (reader, log, COL_TEXT));
  return TRUE;
}

static gboolean
read_file (Chatlog              *log,
           SdCsvReader          *reader,
           SdImportProgressFunc  progress,
           gpointer              user_data,
           GCancellable         *cancellable,
           GError              **error)
{
  SdImportProgress p = { 0 };

  for (;;)
    {
      g_autoptr(GError) local = NULL;
      Message m = { 0 };

      if (!sd_csv_reader_next (reader, &local))
        {
          if (local == NULL)
            return TRUE;
          if (!g_error_matches (local, SD_ERROR, SD_ERROR_INVALID_INPUT) || sd_csv_reader_get_n_fields (reader) != 0)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          /* An undecodable record: reported, and the reader goes on with the next. */
          log->result->rows++;
          log->result->bad_rows++;
          add_issue (log, sd_csv_reader_get_row (reader), "", g_strdup (local->message));
          continue;
        }
      log->result->rows++;
      if (read_message (log, reader, &m))
        g_array_append_val (log->messages, m);
      else
        {
          message_clear (&m);
          log->result->bad_rows++;
        }
      if (progress != NULL && log->result->rows % 1000 == 0)
        {
          p.rows = log->result->rows;
          p.bytes_done = sd_csv_reader_get_bytes_read (reader);
          p.bytes_total = sd_csv_reader_get_bytes_total (reader);
          progress (&p, user_data);
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
}

/* By buyer, agent, time, then row: each (buyer, agent) pair's messages in order. */
static int
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  const Message *x = a, *y = b;
  int c = strcmp (x->buyer, y->buyer);

  if (c != 0)
    return c;
  if (x->staff_id != y->staff_id)
    return x->staff_id < y->staff_id ? -1 : 1;
  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* Whether message I starts a new conversation. */
static gboolean
starts_conversation (GArray *messages,
                     guint   i)
{
  const Message *m = &g_array_index (messages, Message, i);
  const Message *prev;

  if (i == 0)
    return TRUE;
  prev = &g_array_index (messages, Message, i - 1);
  return !g_str_equal (prev->buyer, m->buyer) || prev->staff_id != m->staff_id ||
         m->at - prev->at > SD_CHATLOG_GAP_SECONDS;
}

/* Messages FIRST … END-1 as one closed conversation, unless it is already there. */
static gboolean
write_conversation (Chatlog *log,
                    guint    first,
                    guint    end,
                    GError **error)
{
  const Message *m = &g_array_index (log->messages, Message, first);
  g_autofree char *ref = g_strdup_printf ("%lld/%lld/%s", (long long) m->at, (long long) m->staff_id, m->buyer);
  g_autoptr(SdConversation) c = NULL;

  if (_sd_conversation_store_find_ref (log->db, "import", ref) != 0)
    {
      log->result->known++;
      return TRUE;
    }
  c = sd_conversation_new ();
  g_free (c->channel);
  c->channel = g_strdup ("import");
  g_free (c->channel_ref);
  c->channel_ref = g_steal_pointer (&ref);
  g_free (c->buyer_nick);
  c->buyer_nick = g_strdup (m->buyer);
  c->customer_id = _sd_conversation_store_match_customer (log->db, m->buyer);
  c->department_id = m->department_id;
  c->staff_id = m->staff_id;
  c->state = SD_CONVERSATION_OPEN;
  c->opened_at = c->assigned_at = m->at;
  if ((c->id = _sd_conversation_store_insert (log->db, c, error)) == 0)
    return FALSE;
  for (guint i = first; i < end; i++)
    {
      const Message *in = &g_array_index (log->messages, Message, i);
      SdChatMessage message = {
        .conversation_id = c->id, .at = in->at, .direction = in->direction,
        .staff_id = in->direction == SD_CHAT_OUT ? in->staff_id : 0, .text = in->text,
      };
      if (_sd_conversation_store_add_message (log->db, &message, error) == 0)
        return FALSE;
    }
  if (!_sd_conversation_store_close (log->db, c->id, g_array_index (log->messages, Message, end - 1).at, error))
    return FALSE;
  log->result->conversations++;
  log->result->messages += end - first;
  return TRUE;
}

static gboolean
audit (Chatlog    *log,
       const char *path,
       GError    **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *detail = g_strdup_printf ("%s: %llu conversations, %llu messages added; %llu known, %llu bad rows",
                                             name, (unsigned long long) log->result->conversations,
                                             (unsigned long long) log->result->messages,
                                             (unsigned long long) log->result->known,
                                             (unsigned long long) log->result->bad_rows);

  return sd_audit_append (log->session, SD_AUDIT_CHATLOG_IMPORT, "file", name, detail, error);
}

/* Every conversation, SD_CHATLOG_BATCH a transaction; the audit entry with the last. */
static gboolean
write_all (Chatlog      *log,
           const char   *path,
           GCancellable *cancellable,
           GError      **error)
{
  guint n = log->messages->len, in_batch = 0;

  if (!sd_db_begin (log->db, error))
    return FALSE;
  for (guint first = 0; first < n;)
    {
      guint end = first + 1;
      while (end < n && !starts_conversation (log->messages, end))
        end++;
      if (!write_conversation (log, first, end, error))
        goto fail;
      first = end;
      if (++in_batch == SD_CHATLOG_BATCH && first < n)
        {
          in_batch = 0;
          if (!sd_db_commit (log->db, error))
            goto fail;
          if (g_cancellable_set_error_if_cancelled (cancellable, error) || !sd_db_begin (log->db, error))
            return FALSE;
        }
    }
  if (!audit (log, path, error) || !sd_db_commit (log->db, error))
    goto fail;
  return TRUE;

fail:
  sd_db_rollback (log->db);
  return FALSE;
}

gboolean
sd_chatlog_import (SdSession               *session,
                   const char              *path,
                   const SdChatlogOptions  *options,
                   SdImportProgressFunc     progress,
                   gpointer                 user_data,
                   GCancellable            *cancellable,
                   SdChatlogResult        **out_result,
                   GError                 **error)
{
  g_auto(Chatlog) log = { 0 };
  g_autoptr(SdCsvReader) reader = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_result != NULL, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_ALL, error))
    return FALSE;
  reader = sd_csv_reader_new_for_path (path, options ? options->encoding : SD_ENCODING_AUTO, error);
  if (reader == NULL)
    return FALSE;

  log.session = session;
  log.db = sd_session_get_db (session);
  log.result = g_new0 (SdChatlogResult, 1);
  log.result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_import_issue_free);
  log.staff = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  log.messages = g_array_new (FALSE, TRUE, sizeof (Message));
  g_array_set_clear_func (log.messages, (GDestroyNotify) message_clear);

  if (!read_header (&log, reader, error) ||
      !read_file (&log, reader, progress, user_data, cancellable, error))
    return FALSE;
  log.result->encoding = sd_csv_reader_get_encoding (reader);
  g_array_sort (log.messages, compare_messages);
  if (!write_all (&log, path, cancellable, error))
    return FALSE;
  if (progress != NULL)
    {
      SdImportProgress p = { log.result->rows, sd_csv_reader_get_bytes_total (reader),
                             sd_csv_reader_get_bytes_total (reader) };
      progress (&p, user_data);
    }
  *out_result = g_steal_pointer (&log.result);
  return TRUE;
}
