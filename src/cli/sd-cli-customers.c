/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <stdlib.h>

#include "sd-cli.h"
#include "sd-tiers.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-values.h"

static const char *
phone_state_name (SdPhoneState state)
{
  switch (state)
    {
    case SD_PHONE_VALID:
      return "valid";
    case SD_PHONE_INVALID:
      return "invalid";
    case SD_PHONE_MASKED:
      return "masked";
    case SD_PHONE_NONE:
    default:
      return "none";
    }
}

static const char *
phone_state_label (SdPhoneState state)
{
  switch (state)
    {
    case SD_PHONE_VALID:
      return _("can be reached");
    case SD_PHONE_INVALID:
      return _("not a valid number");
    case SD_PHONE_MASKED:
      return _("masked by the platform");
    case SD_PHONE_NONE:
    default:
      return _("none");
    }
}

static void
build_customer (JsonBuilder      *b,
                const SdCustomer *c,
                gboolean          full)
{
  json_builder_begin_object (b);
  sd_json_add_int (b, "id", c->id);
  sd_json_add_string (b, "platform", c->platform);
  sd_json_add_string (b, "nick", c->nick);
  sd_json_add_string (b, "name", c->name);
  sd_json_add_string (b, "phone", c->phone);
  sd_json_add_string (b, "phone_state", phone_state_name (c->phone_state));
  /* The core masks phone and street for accounts without customers.contact. */
  json_builder_set_member_name (b, "contact_masked");
  json_builder_add_boolean_value (b, c->contact_masked);
  sd_json_add_string (b, "province", c->province);
  sd_json_add_string (b, "city", c->city);
  sd_json_add_int (b, "total_spent_cents", c->total_spent_cents);
  sd_json_add_int (b, "order_count", c->order_count);
  sd_json_add_int (b, "average_order_cents", sd_customer_get_average_order_cents (c));
  sd_json_add_int (b, "refund_count", c->refund_count);
  sd_json_add_iso_time (b, "first_order_at", c->first_order_at);
  sd_json_add_iso_time (b, "last_order_at", c->last_order_at);
  json_builder_set_member_name (b, "tier");
  if (c->tier >= 0)
    json_builder_add_int_value (b, c->tier);
  else
    json_builder_add_null_value (b);
  sd_json_add_bool (b, "tier_pinned", c->tier_pinned);
  sd_json_add_string (b, "rfm_group", sd_rfm_group_to_string (c->rfm_group));
  if (full)
    {
      sd_json_add_string (b, "email", c->email);
      sd_json_add_string (b, "gender", sd_gender_to_string (c->gender));
      sd_json_add_string (b, "birthday", c->birthday);
      sd_json_add_string (b, "district", c->district);
      sd_json_add_string (b, "address", c->address);
      sd_json_add_string (b, "source", c->source);
      sd_json_add_iso_time (b, "created_at", c->created_at);
      sd_json_add_iso_time (b, "updated_at", c->updated_at);
      sd_json_add_int (b, "version", c->row_version);
      sd_json_add_iso_time (b, "sms_opt_out_at", c->sms_opt_out_at);
      sd_json_add_string (b, "sms_opt_out_reason", c->sms_opt_out_reason);
      json_builder_set_member_name (b, "tags");
      json_builder_begin_array (b);
      for (guint i = 0; i < c->tags->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (c->tags, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "notes");
      json_builder_begin_array (b);
      for (guint i = 0; c->notes && i < c->notes->len; i++)
        {
          const SdNote *note = g_ptr_array_index (c->notes, i);
          json_builder_begin_object (b);
          sd_json_add_int (b, "id", note->id);
          sd_json_add_iso_time (b, "created_at", note->created_at);
          sd_json_add_string (b, "author", note->author_name);
          sd_json_add_string (b, "body", note->body);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
}

/* A customer in a list: the summary only, its object closed. */
void
sd_cli_json_add_customer (JsonBuilder   *b,
                          gconstpointer  customer)
{
  build_customer (b, customer, FALSE);
  json_builder_end_object (b);
}

void
sd_cli_print_customer_row (const SdCustomer *c)
{
  g_autofree char *spent = sd_format_money_display (c->total_spent_cents);
  g_autofree char *last = sd_cli_format_time (c->last_order_at);
  g_autofree char *nick = sd_cli_pad (c->nick, 20);
  g_autofree char *name = sd_cli_pad (c->name, 8);
  g_autofree char *grouped = sd_phone_format_display (c->phone);
  g_autofree char *phone = sd_cli_pad (grouped, 15);
  g_autofree char *city = sd_cli_pad (c->city, 10);

  g_print ("%8" G_GINT64_FORMAT "  %s %s %s %s %12s %4" G_GINT64_FORMAT "  %s\n",
           c->id, nick, name, phone, city, spent, c->order_count, last);
}

static void
build_order (JsonBuilder   *b,
             const SdOrder *o)
{
  json_builder_begin_object (b);
  sd_json_add_int (b, "id", o->id);
  sd_json_add_string (b, "platform", o->platform);
  sd_json_add_string (b, "order_id", o->platform_order_id);
  sd_json_add_int (b, "amount_cents", o->amount_cents);
  sd_json_add_string (b, "status", o->status);
  sd_json_add_string (b, "refund_state", o->refund_state);
  sd_json_add_int (b, "refund_cents", o->refund_cents);
  sd_json_add_iso_time (b, "created_at", o->created_at);
  sd_json_add_iso_time (b, "paid_at", o->paid_at);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < o->items->len; i++)
    {
      const SdOrderItem *item = g_ptr_array_index (o->items, i);
      json_builder_begin_object (b);
      sd_json_add_string (b, "title", item->title);
      sd_json_add_int (b, "quantity", item->quantity);
      json_builder_set_member_name (b, "unit_price_cents");
      if (item->unit_price_cents >= 0)
        json_builder_add_int_value (b, item->unit_price_cents);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static gboolean
yuan_to_cents (const char *text,
               gint64     *out)
{
  g_autofree char *message = NULL;

  if (text == NULL)
    return TRUE;
  return sd_parse_money (text, out, &message);
}

typedef enum
{
  SEARCH_NEEDS_QUERY,
  SEARCH_LIST,
  SEARCH_COUNT,
} SearchMode;

static int
run_search (const SdCliGlobals *globals,
            int                 argc,
            char              **argv,
            SearchMode          mode)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[QUERY] — find customers"));
  gint64 limit = 20, min_orders = -1, max_orders = -1;
  g_autofree char *after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *sort_name = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *province = NULL;
  g_autofree char *min_spent = NULL;
  g_autofree char *max_spent = NULL;
  gboolean desc = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N customers (default 20)"), "N" },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name,
      N_("id, name, nick, phone, total_spent, order_count, last_order, city or tier"), "KEY" },
    { "desc", 0, 0, G_OPTION_ARG_NONE, &desc, N_("Largest first"), NULL },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, N_("Only customers with this tag"), "TAG" },
    { "province", 0, 0, G_OPTION_ARG_STRING, &province, N_("Only customers in this province"), "NAME" },
    { "min-spent", 0, 0, G_OPTION_ARG_STRING, &min_spent, N_("Spent at least this many yuan"), "YUAN" },
    { "max-spent", 0, 0, G_OPTION_ARG_STRING, &max_spent, N_("Spent at most this many yuan"), "YUAN" },
    { "min-orders", 0, 0, G_OPTION_ARG_INT64, &min_orders, N_("At least N orders"), "N" },
    { "max-orders", 0, 0, G_OPTION_ARG_INT64, &max_orders, N_("At most N orders"), "N" },
    { "last-order-after", 0, 0, G_OPTION_ARG_STRING, &after, N_("Last order on or after this day"), "YYYY-MM-DD" },
    { "last-order-before", 0, 0, G_OPTION_ARG_STRING, &before, N_("Last order before this day"), "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, &json, SD_CLI_ANY_ARGS, NULL, &argc, &argv, NULL,
                             &status))
    return status;
  if (argc > 2)
    return sd_cli_usage (_("Give the query as one argument (quote it if it has spaces)."));
  if (mode == SEARCH_NEEDS_QUERY && argc != 2)
    return sd_cli_usage (_("customers search needs a query (customers list shows everyone)."));
  if (mode == SEARCH_LIST && argc != 1)
    return sd_cli_usage (_("customers list takes no query (use customers search)."));
  if (limit < 1 || limit > 100000)
    return sd_cli_usage (_("--limit takes 1 to 100,000."));
  if (sort_name && !sd_customer_sort_from_string (sort_name, &query->sort))
    return sd_cli_usage (_("Cannot sort by “%s”."), sort_name);
  if (!yuan_to_cents (min_spent, &query->min_spent_cents) || !yuan_to_cents (max_spent, &query->max_spent_cents))
    return sd_cli_usage (_("--min-spent and --max-spent take an amount in yuan, e.g. 199.50."));
  query->text = argc == 2 ? g_strdup (argv[1]) : NULL;
  query->descending = desc;
  query->tag = g_steal_pointer (&tag);
  query->province = g_steal_pointer (&province);
  query->min_orders = min_orders;
  query->max_orders = max_orders;
  {
    g_autofree char *message = NULL;
    if (after && !sd_parse_time (after, &query->last_order_after, &message))
      return sd_cli_usage (_("--last-order-after: %s."), message);
    if (before && !sd_parse_time (before, &query->last_order_before, &message))
      return sd_cli_usage (_("--last-order-before: %s."), message);
  }

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);

  if (mode == SEARCH_COUNT)
    {
      gint64 n = sd_customers_count (session, query, &error);
      if (n < 0)
        return sd_cli_fail (error);
      g_print ("%" G_GINT64_FORMAT "\n", n);
      return SD_CLI_OK;
    }

  rows = sd_customers_find (session, query, NULL, (guint) limit, &error);
  if (rows == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      sd_cli_print_json_array (rows, sd_cli_json_add_customer);
      return SD_CLI_OK;
    }

  for (guint i = 0; i < rows->len; i++)
    sd_cli_print_customer_row (g_ptr_array_index (rows, i));
  if (rows->len == 0)
    g_printerr (_("No customer matches.\n"));
  return SD_CLI_OK;
}

/* The tier lines of `customers show`: the grade (pinned, and why), the custom tier, RFM. */
static void
print_standing (SdSession        *session,
                const SdCustomer *c)
{
  g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (session, NULL);
  g_autoptr(SdCustomerTier) tier = sd_tiers_get_customer (session, c->id, NULL);

  if (ladder == NULL || tier == NULL)
    return;
  if (tier->tier < 0)
    g_print ("%s\n", _("  Tier:      none yet (tiers recompute gives one)"));
  else if (tier->pinned)
    g_print (_("  Tier:      %s, pinned by hand: %s\n"), sd_tier_ladder_get_name (ladder, tier->tier), tier->pin_reason);
  else
    g_print (_("  Tier:      %s\n"), sd_tier_ladder_get_name (ladder, tier->tier));
  if (tier->custom_tier_id != 0)
    g_print (_("  Custom:    %s\n"), tier->custom_tier_name);
  if (tier->rfm_group != SD_RFM_GROUP_NONE)
    g_print (_("  RFM:       %s (R %d, F %d, M %d)\n"), sd_rfm_group_get_label (tier->rfm_group), tier->rfm_r,
             tier->rfm_f, tier->rfm_m);
}

static int
run_set_tier (const SdCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("ID GRADE --reason TEXT — pin a customer's tier by hand"));
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (required; kept in the tier history)"), "TEXT" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdTierLadder) ladder = NULL;
  GError *error = NULL;
  gint64 id, grade;
  char *end = NULL;
  int status = SD_CLI_OK;

  g_option_context_set_description (context, _("The pinned tier stays through every recompute until "
                                               "customers unpin ID."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_begin_command (NULL, context, NULL, 2, _("customers set-tier needs a customer id and a grade, 0 to 4."),
                             &argc, &argv, NULL, &status))
    return status;
  grade = g_ascii_strtoll (argv[2], &end, 10);
  if (!sd_cli_parse_id (argv[1], &id) || end == argv[2] || *end != '\0' || grade < 0 || grade >= SD_TIER_N_GRADES)
    return sd_cli_usage (_("customers set-tier needs a customer id and a grade, 0 to 4."));
  if (reason == NULL || *g_strstrip (reason) == '\0')
    return sd_cli_usage (_("customers set-tier needs --reason TEXT: why the tier is set by hand."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (!sd_tiers_pin (session, id, (int) grade, reason, &error) || (ladder = sd_tiers_get_ladder (session, &error)) == NULL)
    return sd_cli_fail (error);
  g_print (_("Customer #%lld is pinned at %s until unpinned.\n"), (long long) id,
           sd_tier_ladder_get_name (ladder, (int) grade));
  return SD_CLI_OK;
}

static int
run_unpin (const SdCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — take a customer's tier pin off"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCustomerTier) tier = NULL;
  g_autoptr(SdTierLadder) ladder = NULL;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (NULL, context, NULL, 1, _("customers unpin needs one customer id (a number)."), &argc,
                             &argv, NULL, &status))
    return status;
  if (!sd_cli_parse_id (argv[1], &id))
    return sd_cli_usage (_("customers unpin needs one customer id (a number)."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (!sd_tiers_unpin (session, id, &error) || (tier = sd_tiers_get_customer (session, id, &error)) == NULL ||
      (ladder = sd_tiers_get_ladder (session, &error)) == NULL)
    return sd_cli_fail (error);
  g_print (_("Customer #%lld is no longer pinned: the ladder gives %s.\n"), (long long) id,
           sd_tier_ladder_get_name (ladder, tier->tier));
  return SD_CLI_OK;
}

static int
run_show (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — one customer with orders and notes"));
  gboolean json = FALSE;
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCustomer) c = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  if (!sd_cli_begin_command (NULL, context, &json, SD_CLI_ANY_ARGS, NULL, &argc, &argv, NULL,
                             &status))
    return status;
  if (argc != 2 || !sd_cli_parse_id (argv[1], &id))
    return sd_cli_usage (_("customers show needs one customer id (a number)."));

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  c = sd_customers_get (session, id, &error);
  if (c == NULL)
    return sd_cli_fail (error);
  orders = sd_customers_get_orders (session, id, &error);
  if (orders == NULL)
    return sd_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_customer (b, c, TRUE);
      json_builder_set_member_name (b, "orders");
      json_builder_begin_array (b);
      for (guint i = 0; i < orders->len; i++)
        build_order (b, g_ptr_array_index (orders, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sd_cli_print_json (b);
      return SD_CLI_OK;
    }

  {
    g_autofree char *spent = sd_format_money_display (c->total_spent_cents);
    g_autofree char *average = sd_format_money_display (sd_customer_get_average_order_cents (c));
    g_autofree char *first = sd_cli_format_time (c->first_order_at);
    g_autofree char *last = sd_cli_format_time (c->last_order_at);
    g_autofree char *since = sd_cli_format_time (c->created_at);

    g_print (_("Customer #%lld\n"), (long long) c->id);
    g_print (_("  Nick:      %s (%s)\n"), c->nick, c->platform);
    g_print (_("  Name:      %s\n"), c->name);
    {
      g_autofree char *grouped = sd_phone_format_display (c->phone);
      if (c->contact_masked)
        g_print (_("  Mobile:    %s (hidden: your role may not see contact details)\n"), grouped);
      else
        g_print (_("  Mobile:    %s (%s)\n"), grouped, phone_state_label (c->phone_state));
    }
    g_print (_("  Email:     %s\n"), c->email);
    g_print (_("  Address:   %s %s %s %s\n"), c->province, c->city, c->district, c->address);
    g_print (_("  Since:     %s, from %s\n"), since, c->source);
    g_print (_("  Spent:     %s in %lld orders (average %s), %lld refunded\n"),
             spent, (long long) c->order_count, average, (long long) c->refund_count);
    g_print (_("  Orders:    first %s, last %s\n"), first, last);
    print_standing (session, c);
    if (c->sms_opt_out_at)
      {
        g_autofree char *when = sd_cli_format_time (c->sms_opt_out_at);
        g_print (_("  SMS:       opted out %s (%s)\n"), when, c->sms_opt_out_reason);
      }
    if (c->tags->len)
      {
        g_ptr_array_add (c->tags, NULL);
        {
          g_autofree char *tags = g_strjoinv (", ", (char **) c->tags->pdata);
          g_print (_("  Tags:      %s\n"), tags);
        }
        g_ptr_array_set_size (c->tags, c->tags->len - 1);
      }
    for (guint i = 0; c->notes && i < c->notes->len; i++)
      {
        const SdNote *note = g_ptr_array_index (c->notes, i);
        g_autofree char *when = sd_cli_format_time (note->created_at);
        g_print (_("  Note:      %s %s: %s\n"), when, note->author_name, note->body);
      }
    for (guint i = 0; i < orders->len; i++)
      {
        const SdOrder *o = g_ptr_array_index (orders, i);
        g_autofree char *amount = sd_format_money_display (o->amount_cents);
        g_autofree char *when = sd_cli_format_time (o->created_at);
        g_print (_("  Order %s  %s  %12s  %s  %s\n"), o->platform_order_id, when, amount,
                 sd_order_status_describe (o->status), sd_order_refund_describe (o->refund_state));
        for (guint j = 0; j < o->items->len; j++)
          {
            const SdOrderItem *item = g_ptr_array_index (o->items, j);
            g_print ("      %s × %" G_GINT64_FORMAT "\n", item->title, item->quantity);
          }
      }
  }
  return SD_CLI_OK;
}

static int
run_merge (const SdCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("KEEP_ID OTHER_ID — merge OTHER into KEEP"));
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCustomer) merged = NULL;
  GError *error = NULL;
  gint64 keep, other;
  int status = SD_CLI_OK;

  g_option_context_set_description (context, _("Orders, notes and tags of OTHER move to KEEP; KEEP's details win "
                                               "where both have one. OTHER is removed."));
  if (!sd_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || !sd_cli_parse_id (argv[1], &keep) || !sd_cli_parse_id (argv[2], &other))
    return sd_cli_usage (_("customers merge needs two customer ids: the one to keep, then the other."));

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (!sd_customers_merge (session, keep, other, &error))
    return sd_cli_fail (error);
  merged = sd_customers_get (session, keep, &error);
  if (merged == NULL)
    return sd_cli_fail (error);
  {
    g_autofree char *spent = sd_format_money_display (merged->total_spent_cents);
    g_print (_("Merged #%lld into #%lld (%s): %lld orders, %s.\n"),
             (long long) other, (long long) keep, merged->nick, (long long) merged->order_count, spent);
  }
  return SD_CLI_OK;
}

static int
run_note (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID TEXT — add a note"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  gint64 id, note_id = 0;
  int status = SD_CLI_OK;

  if (!sd_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || !sd_cli_parse_id (argv[1], &id))
    return sd_cli_usage (_("customers note needs a customer id and the text of the note."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (!sd_customers_add_note (session, id, argv[2], &note_id, &error))
    return sd_cli_fail (error);
  g_print (_("Added note %lld to customer #%lld.\n"), (long long) note_id, (long long) id);
  return SD_CLI_OK;
}

static int
run_tag (const SdCliGlobals *globals,
         int                 argc,
         char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID TAG — tag a customer"));
  gboolean remove = FALSE;
  GOptionEntry entries[] = {
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Remove the tag instead"), NULL },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || !sd_cli_parse_id (argv[1], &id))
    return sd_cli_usage (_("customers tag needs a customer id and a tag."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (remove ? !sd_customers_remove_tag (session, id, argv[2], &error)
             : !sd_customers_add_tag (session, id, argv[2], &error))
    return sd_cli_fail (error);
  if (remove)
    g_print (_("Removed the tag “%s” from customer #%lld.\n"), argv[2], (long long) id);
  else
    g_print (_("Added the tag “%s” to customer #%lld.\n"), argv[2], (long long) id);
  return SD_CLI_OK;
}

/* Both versions of the fields two people changed, for the one who saved second. */
static void
print_conflicts (const SdCustomer *theirs,
                 const SdCustomer *mine,
                 GStrv             fields)
{
  g_printerr (_("%-10s %-28s %s\n"), _("Field"), _("Saved by someone else"), _("Yours"));
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *their_value = sd_customer_get_field (theirs, fields[i]);
      g_autofree char *my_value = sd_customer_get_field (mine, fields[i]);
      g_autofree char *padded = sd_cli_pad (their_value, 28);

      g_printerr ("%-10s %s %s\n", fields[i], padded, my_value);
    }
}

static int
run_edit (const SdCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("ID FIELD=VALUE… — change a customer's record"));
  gint64 version = 0;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_INT64, &version,
      N_("The record's version as you read it (customers show --json): refused if someone saved it since"), "N" },
    { NULL }
  };
  g_autoptr(SdSession) session = NULL;
  g_autoptr(SdCustomer) base = NULL;
  g_autoptr(SdCustomer) mine = NULL;
  g_autoptr(SdCustomer) theirs = NULL;
  g_auto(GStrv) conflicts = NULL;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  g_option_context_set_description (context,
    _("Fields: name, nick, platform, phone, email, gender (male, female, unknown), birthday (YYYY-MM-DD), "
      "province, city, district, address, source. An empty VALUE clears the field."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sd_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 3 || !sd_cli_parse_id (argv[1], &id))
    return sd_cli_usage (_("customers edit needs a customer id and at least one FIELD=VALUE."));
  for (int i = 2; i < argc; i++)
    if (strchr (argv[i], '=') == NULL)
      return sd_cli_usage (_("“%s” is not FIELD=VALUE (for example name=王小明)."), argv[i]);

  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  base = sd_customers_get (session, id, &error);
  if (base == NULL)
    return sd_cli_fail (error);
  mine = sd_customer_copy (base);
  for (int i = 2; i < argc; i++)
    {
      g_auto(GStrv) pair = g_strsplit (argv[i], "=", 2);
      if (!sd_customer_set_field (mine, pair[0], pair[1], &error))
        return sd_cli_fail (error);
    }
  if (version != 0 && version != base->row_version)
    {
      g_set_error (&error, SD_ERROR, SD_ERROR_STALE,
                   _("Customer #%lld is at version %lld, not %lld: someone saved it after you read it. "
                     "Nothing was saved; read it again (customers show %lld)."),
                   (long long) id, (long long) base->row_version, (long long) version, (long long) id);
      return sd_cli_fail (error);
    }
  if (!sd_customers_save_edit (session, base, mine, &theirs, &conflicts, NULL, &error))
    {
      if (theirs != NULL && conflicts != NULL && conflicts[0] != NULL)
        print_conflicts (theirs, mine, conflicts);
      return sd_cli_fail (error);
    }
  g_print (_("Saved customer #%lld (version %lld).\n"), (long long) id, (long long) mine->row_version);
  return SD_CLI_OK;
}

static int
run_delete (const SdCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — delete a customer"));
  g_autoptr(SdSession) session = NULL;
  GError *error = NULL;
  gint64 id;
  int status = SD_CLI_OK;

  g_option_context_set_description (context, _("The customer goes with their orders, tags and notes; the "
                                               "audit log keeps that it happened and who did it."));
  if (!sd_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !sd_cli_parse_id (argv[1], &id))
    return sd_cli_usage (_("customers delete needs one customer id (a number)."));
  session = sd_cli_open_session (globals, &error);
  if (session == NULL)
    return sd_cli_fail (error);
  if (!sd_customers_delete (session, id, &error))
    return sd_cli_fail (error);
  g_print (_("Deleted customer #%lld with their orders, tags and notes.\n"), (long long) id);
  return SD_CLI_OK;
}

int
sd_cli_customers (const SdCliGlobals *globals,
                  int                 argc,
                  char              **argv)
{
  if (argc < 2)
    return sd_cli_usage (_("customers needs a command: search, list, count, show, edit, merge, delete, note, tag, set-tier or unpin."));
  if (g_str_equal (argv[1], "search"))
    return run_search (globals, argc - 1, argv + 1, SEARCH_NEEDS_QUERY);
  if (g_str_equal (argv[1], "list"))
    return run_search (globals, argc - 1, argv + 1, SEARCH_LIST);
  if (g_str_equal (argv[1], "count"))
    return run_search (globals, argc - 1, argv + 1, SEARCH_COUNT);
  if (g_str_equal (argv[1], "show"))
    return run_show (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "merge"))
    return run_merge (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "delete"))
    return run_delete (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "edit"))
    return run_edit (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "note"))
    return run_note (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "set-tier"))
    return run_set_tier (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "unpin"))
    return run_unpin (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "tag"))
    return run_tag (globals, argc - 1, argv + 1);
  return sd_cli_usage (_("Unknown customers command “%s”."), argv[1]);
}
