/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-faults.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "sd-sim-format.h"

struct _SdSimFaults
{
  SdSimFaultSettings settings;
  GRand *rand;
  guint64 counts[SD_SIM_N_FAULTS];

  /* Taobao: a token bucket of one second's worth; when empty, a ban of ban_seconds. */
  double tokens;
  gint64 tokens_at;
  gint64 banned_until;

  /* Shopify: a leaky bucket of 40 that drains rate_limit a second. */
  double level;
  gint64 level_at;
};

static const char * const fault_names[SD_SIM_N_FAULTS] = {
  "fail", "rate_limited", "latency", "malformed", "drop", "truncate", "invalid_session",
};

static void
reset_limiters (SdSimFaults *self)
{
  self->tokens_at = 0;
  self->banned_until = 0;
  self->level = 0;
  self->level_at = 0;
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

/* One setting from the query into @s; FALSE (and @error) if its value is not valid. */
static gboolean
parse_setting (SdSimFaultSettings *s,
               const char         *name,
               const char         *value,
               GError            **error)
{
  guint64 n;
  gboolean ok;

  if (strcmp (name, "fail_rate") == 0)
    ok = sd_sim_parse_rate (value, &s->fail_rate);
  else if (strcmp (name, "malformed_rate") == 0)
    ok = sd_sim_parse_rate (value, &s->malformed_rate);
  else if (strcmp (name, "drop_rate") == 0)
    ok = sd_sim_parse_rate (value, &s->drop_rate);
  else if (strcmp (name, "truncate_rate") == 0)
    ok = sd_sim_parse_rate (value, &s->truncate_rate);
  else if (strcmp (name, "rate_limit") == 0)
    ok = sd_sim_faults_parse_rate_limit (value, &s->rate_limit);
  else if (strcmp (name, "latency") == 0)
    ok = sd_sim_parse_uint (value, 600000, &n) && ((s->latency_ms = (guint) n), TRUE);
  else if (strcmp (name, "ban_seconds") == 0)
    ok = sd_sim_parse_uint (value, 86400, &n) && n >= 1 && ((s->ban_seconds = (guint) n), TRUE);
  else if (strcmp (name, "invalid_session") == 0)
    ok = sd_sim_parse_uint (value, 1, &n) && ((s->invalid_session = n == 1), TRUE);
  else if (strcmp (name, "modify_during_paging") == 0)
    ok = sd_sim_parse_uint (value, 100000, &n) && ((s->modify_during_paging = (guint) n), TRUE);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown setting “%s”", name);
      return FALSE;
    }
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "invalid value for %s: “%s”",
                 name, value);
  return ok;
}

SdSimFaults *
sd_sim_faults_new (guint32                   seed,
                   const SdSimFaultSettings *settings)
{
  SdSimFaults *self = g_new0 (SdSimFaults, 1);

  self->settings = *settings;
  /* Its own sequence: another stream than the shop's, from the same seed. */
  self->rand = g_rand_new_with_seed (seed ^ 0x5eedfa17u);
  return self;
}

void
sd_sim_faults_free (SdSimFaults *self)
{
  if (self == NULL)
    return;
  g_rand_free (self->rand);
  g_free (self);
}

const SdSimFaultSettings *
sd_sim_faults_get_settings (SdSimFaults *self)
{
  return &self->settings;
}

/* Applies every setting in @query (names as in the settings JSON), all or none. */
gboolean
sd_sim_faults_update (SdSimFaults *self,
                      GHashTable  *query,
                      GError     **error)
{
  SdSimFaultSettings s = self->settings;
  GHashTableIter iter;
  gpointer name, value;

  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (!parse_setting (&s, name, value, error))
      return FALSE;
  if (s.rate_limit != self->settings.rate_limit || s.ban_seconds != self->settings.ban_seconds)
    reset_limiters (self);
  self->settings = s;
  return TRUE;
}

/* "5", "5/s" or "0.5/s": requests a second, 0 for no limit. */
gboolean
sd_sim_faults_parse_rate_limit (const char *text,
                                double     *out_per_second)
{
  g_autofree char *number = NULL;
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;
  number = g_strdup (text);
  if (g_str_has_suffix (number, "/s"))
    number[strlen (number) - 2] = '\0';
  if (*number == '\0')
    return FALSE;
  value = g_ascii_strtod (number, &end);
  if (*end != '\0' || !(value >= 0.0 && value <= 1e6))
    return FALSE;
  *out_per_second = value;
  return TRUE;
}

/* TRUE for a share @rate of the calls. Draws nothing when @rate is 0, so a fault that is off
 * does not shift the dice of the others. */
gboolean
sd_sim_faults_roll (SdSimFaults *self,
                    double       rate)
{
  if (rate <= 0.0)
    return FALSE;
  return g_rand_double (self->rand) < rate;
}

guint
sd_sim_faults_pick (SdSimFaults *self,
                    guint        n)
{
  return (guint) g_rand_int_range (self->rand, 0, (gint32) n);
}

void
sd_sim_faults_count (SdSimFaults *self,
                     SdSimFault   fault)
{
  g_assert (fault < SD_SIM_N_FAULTS);
  self->counts[fault]++;
}

guint64
sd_sim_faults_get_total (SdSimFaults *self)
{
  guint64 total = 0;

  for (guint i = 0; i < SD_SIM_N_FAULTS; i++)
    total += self->counts[i];
  return total;
}

/* Taobao's limit: 0 to let the call through, else the seconds the ban still lasts. The call
 * that finds the bucket empty starts a ban of ban_seconds; calls during it are refused. */
guint
sd_sim_faults_taobao_ban (SdSimFaults *self,
                          gint64       now_us)
{
  double rate = self->settings.rate_limit, capacity = MAX (rate, 1.0);

  if (rate <= 0.0)
    return 0;
  if (now_us < self->banned_until)
    return (guint) MAX (1, (self->banned_until - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  if (self->tokens_at == 0)
    self->tokens = capacity;
  else
    self->tokens = MIN (capacity, self->tokens + (double) (now_us - self->tokens_at) * rate / 1e6);
  self->tokens_at = now_us;
  if (self->tokens >= 1.0)
    {
      self->tokens -= 1.0;
      return 0;
    }
  self->banned_until = now_us + (gint64) self->settings.ban_seconds * G_USEC_PER_SEC;
  return self->settings.ban_seconds;
}

/* Shopify's leaky bucket. TRUE to let the call through; @out_level is the bucket after it
 * (for X-Shopify-Shop-Api-Call-Limit), @out_retry_after the seconds to wait when refused. */
gboolean
sd_sim_faults_shopify_admit (SdSimFaults *self,
                             gint64       now_us,
                             guint       *out_level,
                             guint       *out_retry_after)
{
  double rate = self->settings.rate_limit;

  *out_retry_after = 0;
  if (rate <= 0.0)
    {
      *out_level = 1;
      return TRUE;
    }
  if (self->level_at != 0)
    self->level = MAX (0.0, self->level - (double) (now_us - self->level_at) * rate / 1e6);
  self->level_at = now_us;
  if (self->level + 1.0 > SD_SIM_SHOPIFY_BUCKET)
    {
      *out_level = SD_SIM_SHOPIFY_BUCKET;
      *out_retry_after = (guint) MAX (1.0, ceil ((self->level + 1.0 - SD_SIM_SHOPIFY_BUCKET) / rate));
      return FALSE;
    }
  self->level += 1.0;
  *out_level = (guint) MAX (1.0, ceil (self->level));
  return TRUE;
}

/* {"fail_rate":…,…}: the settings in force, named as /_sim/faults takes them. */
void
sd_sim_faults_append_settings (SdSimFaults *self,
                               GString     *out)
{
  const SdSimFaultSettings *s = &self->settings;

  g_string_append (out, "{\"fail_rate\":");
  append_double (out, s->fail_rate);
  g_string_append (out, ",\"rate_limit\":");
  append_double (out, s->rate_limit);
  g_string_append (out, ",\"latency\":");
  sd_sim_append_int (out, s->latency_ms);
  g_string_append (out, ",\"malformed_rate\":");
  append_double (out, s->malformed_rate);
  g_string_append (out, ",\"drop_rate\":");
  append_double (out, s->drop_rate);
  g_string_append (out, ",\"truncate_rate\":");
  append_double (out, s->truncate_rate);
  g_string_append (out, ",\"ban_seconds\":");
  sd_sim_append_int (out, s->ban_seconds);
  g_string_append (out, ",\"invalid_session\":");
  sd_sim_append_int (out, s->invalid_session ? 1 : 0);
  g_string_append (out, ",\"modify_during_paging\":");
  sd_sim_append_int (out, s->modify_during_paging);
  g_string_append_c (out, '}');
}

/* {"fail":…,"rate_limited":…,…}: how many of each fault were injected. */
void
sd_sim_faults_append_counts (SdSimFaults *self,
                             GString     *out)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < SD_SIM_N_FAULTS; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      sd_sim_append_member (out, fault_names[i]);
      sd_sim_append_int (out, (gint64) self->counts[i]);
    }
  g_string_append_c (out, '}');
}
