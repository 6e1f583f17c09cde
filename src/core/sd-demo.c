/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-demo"

#include <stdarg.h>
#include <string.h>

#include "sd-address.h"
#include "sd-demo.h"
#include "sd-demo-tables.h"

/* How the shop is drawn:
 *
 * - Every random decision comes from xoshiro256** streams seeded by splitmix64, or from
 *   splitmix64 used as a hash of an index; only integer arithmetic, so a seed gives the same
 *   bytes on every machine and with every GLib.
 * - Order j (0 … n_orders-1) happens at order_time (j), a function of j alone that rises
 *   with j over the two years before `now`, orders coming three times as fast at the end
 *   as at the start (a growing shop).
 * - About 90% of the customers buy. The k-th buyer, in id order, places its first order at
 *   first_order_index (k), again a function of k alone: customers can be handed out before
 *   any order with a created_at just before their first order.
 * - Every other order is a repeat purchase by a customer who has already bought, drawn in
 *   proportion to a per-customer loyalty weight (most 1, a long tail of 40): most
 *   customers end with 1–3 orders, a few loyal ones with dozens.
 * - Customers and orders use separate streams: the orders are the same whether or not the
 *   customers were drawn first.
 *
 * Memory: 5 bytes per customer for the plan, and 16 bytes per customer for the set of
 * nicks while customers are handed out; orders are made one at a time.
 */

#define MINUTE  ((gint64) 60)
#define HOUR    (60 * MINUTE)
#define DAY     (24 * HOUR)
#define HISTORY (730 * DAY)

/* Streams and hash keys, so that the parts of the shop do not share random numbers. */
enum
{
  STREAM_PLAN = 1,
  STREAM_CUSTOMERS,
  STREAM_ORDERS,
  HASH_ORDER_TIME,
  HASH_FIRST_ORDER,
  HASH_ORDER_ID,
};

/* Loyalty weights and how many customers (per 1000) have them. */
static const struct
{
  guint per_mille;
  guint weight;
} loyalty[] = {
  { 580, 1 },
  { 250, 3 },
  { 140, 10 },
  { 30, 40 },
};

#define WEIGHT_LOYAL 10
#define WEIGHT_TOP   40

typedef struct
{
  guint64 s[4];
} Rng;

typedef struct
{
  const SdDemoSurname   *surname;
  const SdDemoGivenChar *given[2];
  guint                  n_given;
  SdGender               gender;
} Name;

struct _SdDemo
{
  guint64  seed;
  guint    n_customers;
  guint    n_orders;
  guint    n_buyers;          /* customers with at least one order */
  gint64   now;
  gint64   start;             /* no order before this */

  guint8  *loyalty_class;     /* per customer index: 0 never buys, else 1 + index into loyalty[] */
  guint32 *members[G_N_ELEMENTS (loyalty)];  /* buyers of each class that have bought, in order */
  guint    n_members[G_N_ELEMENTS (loyalty)];

  guint    n_provinces;
  guint   *province_index;    /* into sd_address_get_province () */
  guint32 *province_cumulative;
  guint32  surname_cumulative[128];
  guint32  product_cumulative[64];
  guint    male_chars[192];
  guint    n_male_chars;
  guint    female_chars[192];
  guint    n_female_chars;

  GString *scratch;

  Rng      customer_rng;
  guint    customers_done;
  guint    buyers_done;       /* buyers among them: the rank of the next buyer */
  guint64 *nicks;             /* open-addressing set of nick hashes, 0 = free */
  gsize    nicks_mask;

  Rng      order_rng;
  guint64  order_id_offset;
  guint    orders_done;
  guint    first_orders_done;
  guint    next_first_order;  /* index of the next order that is a buyer's first */
  guint    first_cursor;      /* the customer index that places it */
};

static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* A number fixed by the seed, a key and an index: splitmix64 as a hash. */
static inline guint64
hash_index (const SdDemo *self,
            guint64       key,
            guint64       index)
{
  return mix64 (self->seed ^ mix64 (key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + index));
}

static void
rng_init (Rng     *rng,
          guint64  seed,
          guint64  stream)
{
  guint64 x = seed ^ mix64 (stream);

  for (guint i = 0; i < G_N_ELEMENTS (rng->s); i++)
    {
      x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      rng->s[i] = mix64 (x);
    }
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static inline guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* 0 … n-1 */
static inline guint32
rng_below (Rng     *rng,
           guint32  n)
{
  return (guint32) (((rng_next (rng) >> 32) * n) >> 32);
}

static inline guint64
rng_below64 (Rng     *rng,
             guint64  n)
{
  return rng_next (rng) % n;
}

static inline gint64
rng_range (Rng    *rng,
           gint64  low,
           gint64  high)
{
  g_assert (high > low);
  return low + (gint64) rng_below64 (rng, (guint64) (high - low));
}

static inline gboolean
rng_per_mille (Rng   *rng,
               guint  per_mille)
{
  return rng_below (rng, 1000) < per_mille;
}

static inline const char *
pick_string (Rng                *rng,
             const char * const *strings,
             guint               n_strings)
{
  return strings[rng_below (rng, n_strings)];
}

/* The index of the entry a draw below the total falls in. */
static guint
pick_cumulative32 (Rng           *rng,
                   const guint32 *cumulative,
                   guint          n)
{
  guint32 u = rng_below (rng, cumulative[n - 1]);
  guint lo = 0;
  guint hi = n - 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (cumulative[mid] > u)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

/* printf-free: g_string_append_printf () allocates a temporary string on every call,
 * which is most of the cost of a million customers. */
static void
append_uint (GString *out,
             guint64  value,
             guint    min_digits)
{
  char digits[24];
  guint n = 0;

  do
    {
      digits[sizeof digits - ++n] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0 || n < min_digits);
  g_string_append_len (out, digits + sizeof digits - n, n);
}

static void
append_strings (GString    *out,
                const char *first,
                ...) G_GNUC_NULL_TERMINATED;

static void
append_strings (GString    *out,
                const char *first,
                ...)
{
  va_list args;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    g_string_append (out, text);
  va_end (args);
}

static guint
customer_weight (const SdDemo *self,
                 guint         index)
{
  guint8 class = self->loyalty_class[index];

  return class > 0 ? loyalty[class - 1].weight : 0;
}

/* Where orders fall in time: rising with j, faster towards the end. */
static gint64
order_time_base (const SdDemo *self,
                 guint64       j)
{
  guint64 q;
  guint64 f;

  if (j >= self->n_orders)
    return self->now;
  /* q = j / n as a 31-bit fraction; f (q) = (3q - q²) / 2, a curve from 0 to 1 whose
   * slope falls from 1.5 to 0.5: three times the orders a day at the end. */
  q = (j << 31) / self->n_orders;
  f = (3 * q - ((q * q) >> 31)) / 2;
  return self->start + (gint64) (((guint64) (self->now - self->start) * f) >> 31);
}

static gint64
order_time (const SdDemo *self,
            guint         j)
{
  gint64 base = order_time_base (self, j);
  gint64 next = order_time_base (self, (guint64) j + 1);

  if (next <= base)
    return base;
  return base + (gint64) (hash_index (self, HASH_ORDER_TIME, j) % (guint64) (next - base));
}

/* The index of the order that is the k-th buyer's first. The shop opens with a run of
 * new buyers (the first fifth of them place the first orders); the others come one in each of
 * equal runs of the remaining orders. Without that opening run the very first buyers would
 * collect the repeat orders of months alone. */
static guint
first_order_index (const SdDemo *self,
                   guint         k)
{
  guint opening = self->n_buyers / 5;
  guint64 rest = self->n_orders - opening;
  guint64 rest_buyers = self->n_buyers - opening;
  guint64 low;
  guint64 high;

  if (k < opening || k == 0)
    return k;
  low = opening + (k - opening) * rest / rest_buyers;
  high = opening + (k - opening + 1) * rest / rest_buyers;
  if (high <= low + 1)
    return (guint) low;
  return (guint) (low + hash_index (self, HASH_FIRST_ORDER, k) % (high - low));
}

static void
plan_customers (SdDemo *self)
{
  Rng rng;
  guint buyers_left = self->n_buyers;
  guint class_size[G_N_ELEMENTS (loyalty)] = { 0 };

  rng_init (&rng, self->seed, STREAM_PLAN);
  self->loyalty_class = g_new0 (guint8, MAX (self->n_customers, 1));
  for (guint i = 0; i < self->n_customers; i++)
    {
      /* Selection sampling: exactly n_buyers buyers, spread evenly over the ids. */
      if (rng_below (&rng, self->n_customers - i) < buyers_left)
        {
          guint draw = rng_below (&rng, 1000);
          guint class = G_N_ELEMENTS (loyalty) - 1;

          for (guint l = 0; l < G_N_ELEMENTS (loyalty); l++)
            {
              if (draw < loyalty[l].per_mille)
                {
                  class = l;
                  break;
                }
              draw -= loyalty[l].per_mille;
            }
          self->loyalty_class[i] = (guint8) (class + 1);
          class_size[class]++;
          buyers_left--;
        }
    }
  for (guint l = 0; l < G_N_ELEMENTS (loyalty); l++)
    self->members[l] = g_new (guint32, MAX (class_size[l], 1));
}

static void
plan_tables (SdDemo *self)
{
  guint32 total = 0;
  guint n_provinces = sd_address_get_n_provinces ();

  g_assert (_sd_demo_n_surnames <= G_N_ELEMENTS (self->surname_cumulative));
  for (guint i = 0; i < _sd_demo_n_surnames; i++)
    self->surname_cumulative[i] = total += _sd_demo_surnames[i].weight;

  g_assert (_sd_demo_n_products <= G_N_ELEMENTS (self->product_cumulative));
  total = 0;
  for (guint i = 0; i < _sd_demo_n_products; i++)
    self->product_cumulative[i] = total += _sd_demo_products[i].weight;

  g_assert (_sd_demo_n_given_chars <= G_N_ELEMENTS (self->male_chars));
  for (guint i = 0; i < _sd_demo_n_given_chars; i++)
    {
      if (_sd_demo_given_chars[i].genders & SD_DEMO_MALE)
        self->male_chars[self->n_male_chars++] = i;
      if (_sd_demo_given_chars[i].genders & SD_DEMO_FEMALE)
        self->female_chars[self->n_female_chars++] = i;
    }

  self->province_index = g_new0 (guint, _sd_demo_n_province_weights);
  self->province_cumulative = g_new0 (guint32, _sd_demo_n_province_weights);
  total = 0;
  for (guint w = 0; w < _sd_demo_n_province_weights; w++)
    {
      const char *canonical = sd_address_canonical_province (_sd_demo_province_weights[w].province);

      g_assert (canonical != NULL);
      for (guint p = 0; p < n_provinces; p++)
        {
          if (strcmp (sd_address_get_province (p), canonical) == 0)
            {
              self->province_index[self->n_provinces] = p;
              self->province_cumulative[self->n_provinces] = total += _sd_demo_province_weights[w].weight;
              self->n_provinces++;
              break;
            }
        }
    }
  g_assert (self->n_provinces > 0);
}

/**
 * sd_demo_new:
 * @seed: any number; the same seed gives the same shop
 * @n_customers: how many customers to hand out
 * @n_orders: how many orders to hand out; none when @n_customers is 0
 * @now: UTC seconds; orders fall in the two years before it
 *
 * Returns: (transfer full): a generator, free with sd_demo_free()
 */
SdDemo *
sd_demo_new (guint64 seed,
             guint   n_customers,
             guint   n_orders,
             gint64  now)
{
  SdDemo *self = g_new0 (SdDemo, 1);

  self->seed = seed;
  self->n_customers = n_customers;
  self->n_orders = n_customers > 0 ? n_orders : 0;
  /* One customer in ten never buys, unless there are too few orders to go round. */
  self->n_buyers = MIN (self->n_orders, n_customers - n_customers / 10);
  self->now = now;
  self->start = now - HISTORY;

  plan_customers (self);
  plan_tables (self);

  rng_init (&self->customer_rng, seed, STREAM_CUSTOMERS);
  rng_init (&self->order_rng, seed, STREAM_ORDERS);
  self->order_id_offset = hash_index (self, HASH_ORDER_ID, 0) % G_GUINT64_CONSTANT (10000000000);
  self->scratch = g_string_sized_new (128);
  self->next_first_order = self->n_buyers > 0 ? first_order_index (self, 0) : G_MAXUINT;
  return self;
}

void
sd_demo_free (SdDemo *self)
{
  if (self == NULL)
    return;
  g_free (self->loyalty_class);
  for (guint l = 0; l < G_N_ELEMENTS (loyalty); l++)
    g_free (self->members[l]);
  g_free (self->province_index);
  g_free (self->province_cumulative);
  g_free (self->nicks);
  g_string_free (self->scratch, TRUE);
  g_free (self);
}

/* Customers */

static void
make_name (SdDemo  *self,
           Name    *name,
           GString *out)
{
  Rng *rng = &self->customer_rng;
  const guint *chars;
  guint n_chars;

  memset (name, 0, sizeof *name);
  name->gender = rng_per_mille (rng, 480) ? SD_GENDER_MALE : SD_GENDER_FEMALE;
  if (rng_per_mille (rng, 4))
    name->surname = &_sd_demo_double_surnames[rng_below (rng, _sd_demo_n_double_surnames)];
  else
    name->surname = &_sd_demo_surnames[pick_cumulative32 (rng, self->surname_cumulative, _sd_demo_n_surnames)];
  g_string_append (out, name->surname->hanzi);

  /* A receiver who gave only a courtesy title: 王先生, 李女士. */
  if (rng_per_mille (rng, 10))
    {
      g_string_append (out, name->gender == SD_GENDER_MALE ? "先生" : "女士");
      return;
    }

  if (name->gender == SD_GENDER_MALE)
    {
      chars = self->male_chars;
      n_chars = self->n_male_chars;
    }
  else
    {
      chars = self->female_chars;
      n_chars = self->n_female_chars;
    }

  /* One given character (李娜, 王伟) in about three names in ten. */
  name->n_given = rng_per_mille (rng, 300) ? 1 : 2;
  name->given[0] = &_sd_demo_given_chars[chars[rng_below (rng, n_chars)]];
  if (name->n_given == 2)
    {
      if (name->gender == SD_GENDER_FEMALE && rng_per_mille (rng, 60))
        name->given[1] = name->given[0];   /* 婷婷, 静静 */
      else
        do
          name->given[1] = &_sd_demo_given_chars[chars[rng_below (rng, n_chars)]];
        while (name->given[1] == name->given[0]);
    }
  for (guint i = 0; i < name->n_given; i++)
    g_string_append (out, name->given[i]->hanzi);
}

static void
append_given_pinyin (GString    *out,
                     const Name *name)
{
  for (guint i = 0; i < name->n_given; i++)
    g_string_append (out, name->given[i]->pinyin);
}

static void
append_number_suffix (Rng     *rng,
                      GString *out)
{
  static const char * const lucky[] = { "520", "666", "888", "168", "123", "1314", "999" };
  guint draw = rng_below (rng, 100);

  if (draw < 35)
    append_uint (out, 1970 + rng_below (rng, 37), 0);
  else if (draw < 50)
    g_string_append (out, pick_string (rng, lucky, G_N_ELEMENTS (lucky)));
  else if (draw < 85)
    append_uint (out, rng_below (rng, 10000), 0);
}

static void
make_nick_candidate (SdDemo     *self,
                     const Name *name,
                     GString    *nick)
{
  Rng *rng = &self->customer_rng;
  guint style = rng_below (rng, 100);

  if (style < 28)
    {
      /* wangfang1988, zhang_wei520 */
      g_string_append (nick, name->surname->pinyin);
      if (rng_per_mille (rng, 200))
        g_string_append_c (nick, '_');
      append_given_pinyin (nick, name);
      append_number_suffix (rng, nick);
    }
  else if (style < 33)
    {
      /* wf1988: initials */
      g_string_append_c (nick, name->surname->pinyin[0]);
      for (guint i = 0; i < name->n_given; i++)
        g_string_append_c (nick, name->given[i]->pinyin[0]);
      append_uint (nick, 1970 + rng_below (rng, 37), 0);
    }
  else if (style < 53)
    {
      /* tb8834521_88: Taobao's default nick */
      guint high = 1 + rng_below (rng, 9999);
      guint low = rng_below (rng, 1000000);

      g_string_append (nick, "tb");
      append_uint (nick, high, 0);
      append_uint (nick, low, 6);
      if (rng_per_mille (rng, 600))
        {
          g_string_append_c (nick, '_');
          append_uint (nick, rng_below (rng, 100), 2);
        }
    }
  else if (style < 83)
    {
      guint pattern = rng_below (rng, 4);

      switch (pattern)
        {
        case 0:
          /* 快乐的星星2019 */
          g_string_append (nick, pick_string (rng, _sd_demo_nick_adjectives, _sd_demo_n_nick_adjectives));
          g_string_append (nick, pick_string (rng, _sd_demo_nick_nouns, _sd_demo_n_nick_nouns));
          if (rng_per_mille (rng, 400))
            append_uint (nick, 2008 + rng_below (rng, 17), 0);
          break;
        case 1:
          /* 小猫爱吃鱼 */
          g_string_append (nick, "小");
          g_string_append (nick, pick_string (rng, _sd_demo_nick_animals, _sd_demo_n_nick_animals));
          g_string_append (nick, "爱吃");
          g_string_append (nick, pick_string (rng, _sd_demo_nick_foods, _sd_demo_n_nick_foods));
          break;
        case 2:
          /* 爱吃草莓的小熊 */
          g_string_append (nick, "爱吃");
          g_string_append (nick, pick_string (rng, _sd_demo_nick_foods, _sd_demo_n_nick_foods));
          g_string_append (nick, "的");
          g_string_append (nick, pick_string (rng, _sd_demo_nick_nouns, _sd_demo_n_nick_nouns));
          break;
        default:
          /* 婷婷的橘子 */
          if (name->n_given > 0)
            {
              const SdDemoGivenChar *last = name->given[name->n_given - 1];

              g_string_append (nick, last->hanzi);
              g_string_append (nick, last->hanzi);
            }
          else
            g_string_append (nick, name->surname->hanzi);
          g_string_append (nick, "的");
          g_string_append (nick, pick_string (rng, _sd_demo_nick_nouns, _sd_demo_n_nick_nouns));
          break;
        }
    }
  else
    {
      const char *english = pick_string (rng, _sd_demo_english_names, _sd_demo_n_english_names);
      guint pattern = rng_below (rng, 10);

      /* lily_chen, tony123, jackwang */
      g_string_append (nick, english);
      if (pattern < 4)
        append_strings (nick, "_", name->surname->pinyin, NULL);
      else if (pattern < 7)
        append_uint (nick, rng_below (rng, 1000), 0);
      else
        g_string_append (nick, name->surname->pinyin);
    }
}

static guint64
hash_string (const char *text,
             gsize       len)
{
  guint64 h = G_GUINT64_CONSTANT (0xCBF29CE484222325);

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) text[i]) * G_GUINT64_CONSTANT (0x100000001B3);
  h = mix64 (h);
  return h != 0 ? h : 1;
}

/* Adds the nick to the set; FALSE when it was handed out before (or, rarely, when another
 * nick has the same 64-bit hash: then the caller makes it longer, which is harmless). */
static gboolean
claim_nick (SdDemo        *self,
            const GString *nick)
{
  guint64 h = hash_string (nick->str, nick->len);
  gsize slot = (gsize) h & self->nicks_mask;

  while (self->nicks[slot] != 0)
    {
      if (self->nicks[slot] == h)
        return FALSE;
      slot = (slot + 1) & self->nicks_mask;
    }
  self->nicks[slot] = h;
  return TRUE;
}

static void
append_base36 (GString *out,
               guint64  value)
{
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  char buffer[16];
  guint n = 0;

  do
    {
      buffer[n++] = digits[value % 36];
      value /= 36;
    }
  while (value > 0);
  while (n > 0)
    g_string_append_c (out, buffer[--n]);
}

/* Like sd_customer_set_text (), without measuring the text again. */
static void
set_text_from (char          **field,
               const GString  *text)
{
  char *copy = g_malloc (text->len + 1);

  memcpy (copy, text->str, text->len + 1);
  g_free (*field);
  *field = copy;
}

static void
make_nick (SdDemo     *self,
           const Name *name,
           gint64      id,
           GString    *nick)
{
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

  make_nick_candidate (self, name, nick);
  if (claim_nick (self, nick))
    return;
  /* Taken: as people do, add a number or two… */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      if (g_ascii_isdigit (nick->str[nick->len - 1]))
        g_string_append_c (nick, '_');
      append_uint (nick, rng_below (&self->customer_rng, attempt == 0 ? 1000 : 100000), 0);
      if (claim_nick (self, nick))
        return;
    }
  /* …then the customer id makes it unique among suffixed nicks… */
  g_string_append_c (nick, '_');
  append_base36 (nick, (guint64) id);
  /* …and in the rare case that a plain nick already looked like that, one more letter. */
  while (!claim_nick (self, nick))
    g_string_append_c (nick, digits[rng_below (&self->customer_rng, 36)]);
}

static SdPhoneState
make_phone (SdDemo  *self,
            GString *phone)
{
  Rng *rng = &self->customer_rng;
  guint draw = rng_below (rng, 1000);
  const char *prefix = pick_string (rng, _sd_demo_mobile_prefixes, _sd_demo_n_mobile_prefixes);
  guint subscriber = rng_below (rng, 100000000);

  if (draw < 20)
    return SD_PHONE_NONE;
  if (draw < 50)
    {
      /* As Taobao hands out numbers of buyers who hid theirs. */
      append_strings (phone, prefix, "****", NULL);
      append_uint (phone, subscriber % 10000, 4);
      return SD_PHONE_MASKED;
    }
  append_strings (phone, "+86", prefix, NULL);
  append_uint (phone, subscriber, 8);
  return SD_PHONE_VALID;
}

static void
make_email (SdDemo     *self,
            const Name *name,
            GString    *email)
{
  static const char * const pinyin_domains[] = {
    "163.com", "163.com", "126.com", "sina.com", "foxmail.com", "gmail.com", "outlook.com",
    "hotmail.com", "139.com", "yeah.net",
  };
  Rng *rng = &self->customer_rng;

  if (rng_per_mille (rng, 500))
    {
      /* QQ numbers: 5 to 10 digits. */
      guint digits = 5 + rng_below (rng, 6);
      guint64 low = 1;

      for (guint i = 1; i < digits; i++)
        low *= 10;
      append_uint (email, low + rng_below64 (rng, low * 9), 0);
      g_string_append (email, "@qq.com");
      return;
    }
  append_given_pinyin (email, name);
  if (name->n_given == 0 || rng_per_mille (rng, 600))
    g_string_append (email, name->surname->pinyin);
  append_number_suffix (rng, email);
  g_string_append_c (email, '@');
  g_string_append (email, pick_string (rng, pinyin_domains, G_N_ELEMENTS (pinyin_domains)));
}

static void
make_birthday (SdDemo  *self,
               GString *birthday)
{
  static const guint days_in_month[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  Rng *rng = &self->customer_rng;
  guint year = 1965 + rng_below (rng, 42);
  guint month = 1 + rng_below (rng, 12);
  guint days = days_in_month[month - 1];

  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
    days = 29;
  append_uint (birthday, year, 4);
  g_string_append_c (birthday, '-');
  append_uint (birthday, month, 2);
  g_string_append_c (birthday, '-');
  append_uint (birthday, 1 + rng_below (rng, days), 2);
}

static void
make_street (SdDemo  *self,
             GString *street)
{
  Rng *rng = &self->customer_rng;
  guint pattern = rng_below (rng, 100);
  const char *road = pick_string (rng, _sd_demo_road_names, _sd_demo_n_road_names);
  const char *road_kind = pick_string (rng, _sd_demo_road_kinds, _sd_demo_n_road_kinds);
  const char *estate = pick_string (rng, _sd_demo_estate_names, _sd_demo_n_estate_names);
  const char *estate_kind = pick_string (rng, _sd_demo_estate_kinds, _sd_demo_n_estate_kinds);
  guint number = 1 + rng_below (rng, 999);
  guint building = 1 + rng_below (rng, 30);
  guint unit = 1 + rng_below (rng, 4);
  guint floor = 1 + rng_below (rng, 33);
  guint room = floor * 100 + 1 + rng_below (rng, 4);

  if (pattern < 30)
    {
      /* 文三路100号 */
      append_strings (street, road, road_kind, NULL);
      append_uint (street, number, 0);
      g_string_append (street, "号");
    }
  else if (pattern < 62)
    {
      /* 建设大道88号阳光小区3栋2单元501 */
      append_strings (street, road, road_kind, NULL);
      append_uint (street, number, 0);
      append_strings (street, "号", estate, estate_kind, NULL);
      append_uint (street, building, 0);
      g_string_append (street, "栋");
      append_uint (street, unit, 0);
      g_string_append (street, "单元");
      append_uint (street, room, 0);
    }
  else if (pattern < 78)
    {
      /* 翠苑新村12幢602室 */
      append_strings (street, estate, estate_kind, NULL);
      append_uint (street, building, 0);
      g_string_append (street, "幢");
      append_uint (street, room, 0);
      g_string_append (street, "室");
    }
  else if (pattern < 87)
    {
      /* 科技路18号国际大厦15楼1502 */
      append_strings (street, road, road_kind, NULL);
      append_uint (street, number, 0);
      append_strings (street, "号", pick_string (rng, _sd_demo_office_names, _sd_demo_n_office_names), NULL);
      append_uint (street, floor, 0);
      g_string_append (street, "楼");
      append_uint (street, room, 0);
    }
  else if (pattern < 95)
    {
      /* 李家村3组25号 */
      append_strings (street, pick_string (rng, _sd_demo_village_names, _sd_demo_n_village_names), "村", NULL);
      append_uint (street, 1 + rng_below (rng, 12), 0);
      g_string_append (street, "组");
      append_uint (street, number % 120 + 1, 0);
      g_string_append (street, "号");
    }
  else
    {
      /* 阳光小区菜鸟驿站 */
      append_strings (street, estate, estate_kind, "菜鸟驿站", NULL);
    }
}

static void
make_place (SdDemo     *self,
            SdCustomer *customer)
{
  Rng *rng = &self->customer_rng;
  guint province = self->province_index[pick_cumulative32 (rng, self->province_cumulative, self->n_provinces)];
  guint n_cities = sd_address_get_n_cities (province);
  guint n_districts;
  guint city;
  guint32 draw;

  /* The capital (listed first) and the next big city draw more buyers. */
  draw = rng_below (rng, n_cities + 7);
  if (draw < 6)
    city = 0;
  else if (draw < 8 && n_cities > 1)
    city = 1;
  else
    city = draw >= 8 ? draw - 7 : 0;
  city = MIN (city, n_cities - 1);

  n_districts = sd_address_get_n_districts (province, city);
  sd_customer_set_text (&customer->province, sd_address_get_province (province));
  sd_customer_set_text (&customer->city, sd_address_get_city (province, city));
  if (n_districts > 0)
    sd_customer_set_text (&customer->district,
                          sd_address_get_district (province, city, rng_below (rng, n_districts)));
}

static void
add_tags (SdDemo     *self,
          SdCustomer *customer,
          guint       weight)
{
  Rng *rng = &self->customer_rng;

  if (weight >= WEIGHT_LOYAL && rng_per_mille (rng, 600))
    g_ptr_array_add (customer->tags, g_strdup ("老客户"));
  if (weight >= WEIGHT_TOP && rng_per_mille (rng, 700))
    g_ptr_array_add (customer->tags, g_strdup ("大客户"));
  if (rng_per_mille (rng, 15))
    g_ptr_array_add (customer->tags, g_strdup ("差评风险"));
  if (rng_per_mille (rng, 40))
    g_ptr_array_add (customer->tags, g_strdup ("学生"));
  if (customer->gender != SD_GENDER_MALE && rng_per_mille (rng, 50))
    g_ptr_array_add (customer->tags, g_strdup ("宝妈"));
  if (rng_per_mille (rng, 10))
    g_ptr_array_add (customer->tags, g_strdup ("批发"));
  if (rng_per_mille (rng, 20))
    g_ptr_array_add (customer->tags, g_strdup ("送礼"));
  if (rng_per_mille (rng, 8))
    g_ptr_array_add (customer->tags, g_strdup ("企业采购"));
}

/**
 * sd_demo_next_customer:
 * @self: a demo generator
 *
 * Customers come with ids 1 … n_customers in order; the caller inserts them in that order
 * so the database gives them the same ids. Aggregates (total spent, order count) are left
 * at 0 for the store to compute.
 *
 * Returns: (transfer full) (nullable): the next customer, or %NULL after the last
 */
SdCustomer *
sd_demo_next_customer (SdDemo *self)
{
  g_autoptr(SdCustomer) customer = NULL;
  Rng *rng;
  GString *text;
  Name name;
  guint index;
  guint weight;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->customers_done >= self->n_customers)
    return NULL;

  if (self->nicks == NULL)
    {
      gsize capacity = 64;

      while (capacity < (gsize) self->n_customers * 2)
        capacity *= 2;
      self->nicks = g_new0 (guint64, capacity);
      self->nicks_mask = capacity - 1;
    }

  rng = &self->customer_rng;
  index = self->customers_done++;
  weight = customer_weight (self, index);
  text = self->scratch;
  g_string_truncate (text, 0);
  customer = sd_customer_new ();
  customer->id = (gint64) index + 1;
  sd_customer_set_text (&customer->source, "demo");

  make_name (self, &name, text);
  set_text_from (&customer->name, text);
  customer->gender = rng_per_mille (rng, 850) ? name.gender : SD_GENDER_UNKNOWN;

  g_string_truncate (text, 0);
  make_nick (self, &name, customer->id, text);
  set_text_from (&customer->nick, text);

  g_string_truncate (text, 0);
  customer->phone_state = make_phone (self, text);
  set_text_from (&customer->phone, text);

  if (rng_per_mille (rng, 220))
    {
      g_string_truncate (text, 0);
      make_email (self, &name, text);
      set_text_from (&customer->email, text);
    }

  if (rng_per_mille (rng, 350))
    {
      g_string_truncate (text, 0);
      make_birthday (self, text);
      set_text_from (&customer->birthday, text);
    }

  make_place (self, customer);
  g_string_truncate (text, 0);
  make_street (self, text);
  set_text_from (&customer->address, text);

  if (weight > 0)
    {
      /* Recorded a little before the first order. */
      gint64 first_order_at = order_time (self, first_order_index (self, self->buyers_done++));

      customer->created_at = first_order_at - rng_range (rng, 2 * MINUTE, 3 * DAY);
    }
  else
    {
      customer->created_at = rng_range (rng, self->start, self->now);
    }
  customer->updated_at = customer->created_at;

  add_tags (self, customer, weight);

  if (rng_per_mille (rng, 20))
    {
      customer->sms_opt_out_at = rng_range (rng, customer->created_at, MAX (self->now, customer->created_at + 1));
      customer->updated_at = customer->sms_opt_out_at;
      sd_customer_set_text (&customer->sms_opt_out_reason,
                            pick_string (rng, _sd_demo_opt_out_reasons, _sd_demo_n_opt_out_reasons));
    }

  if (self->customers_done == self->n_customers)
    g_clear_pointer (&self->nicks, g_free);

  return g_steal_pointer (&customer);
}

/* Orders */

/* A buyer who has bought before, in proportion to the loyalty weight: first the class
 * (by its members times its weight), then one of its members. */
static guint
pick_repeat_buyer (SdDemo *self)
{
  guint64 total = 0;
  guint64 u;
  guint class = 0;

  for (guint l = 0; l < G_N_ELEMENTS (loyalty); l++)
    total += (guint64) self->n_members[l] * loyalty[l].weight;
  g_assert (total > 0);
  u = rng_below64 (&self->order_rng, total);
  for (guint l = 0; l < G_N_ELEMENTS (loyalty); l++)
    {
      guint64 share = (guint64) self->n_members[l] * loyalty[l].weight;

      if (u < share)
        {
          class = l;
          break;
        }
      u -= share;
    }
  return self->members[class][rng_below (&self->order_rng, self->n_members[class])];
}

static guint
next_buyer (SdDemo *self,
            guint   j)
{
  guint index;
  guint class;

  if (j != self->next_first_order)
    return pick_repeat_buyer (self);

  while (self->loyalty_class[self->first_cursor] == 0)
    self->first_cursor++;
  index = self->first_cursor++;
  class = self->loyalty_class[index] - 1;
  self->members[class][self->n_members[class]++] = index;
  self->first_orders_done++;
  self->next_first_order = self->first_orders_done < self->n_buyers
                           ? first_order_index (self, self->first_orders_done)
                           : G_MAXUINT;
  return index;
}

static void
make_items (SdDemo  *self,
            SdOrder *order,
            gint64  *out_total)
{
  Rng *rng = &self->order_rng;
  guint draw = rng_below (rng, 100);
  guint n_items = draw < 62 ? 1 : draw < 88 ? 2 : 3;
  guint chosen[3];
  gint64 total = 0;

  for (guint i = 0; i < n_items; i++)
    {
      const SdDemoProduct *product;
      guint quantity;
      guint product_index;
      gboolean again;

      do
        {
          product_index = pick_cumulative32 (rng, self->product_cumulative, _sd_demo_n_products);
          again = FALSE;
          for (guint c = 0; c < i; c++)
            again |= chosen[c] == product_index;
        }
      while (again);
      chosen[i] = product_index;
      product = &_sd_demo_products[product_index];

      draw = rng_below (rng, 100);
      quantity = draw < 76 ? 1 : draw < 92 ? 2 : draw < 97 ? 3 : 4 + rng_below (rng, 7);
      sd_order_add_item (order, product->title, quantity, product->price_cents);
      total += (gint64) quantity * product->price_cents;
    }
  *out_total = total;
}

/* Shop coupons: 满99减5, 满199减20, 满499减50. */
static gint64
make_discount (SdDemo *self,
               gint64  total)
{
  Rng *rng = &self->order_rng;

  if (total < 9900 || !rng_per_mille (rng, 150))
    return 0;
  if (total >= 49900)
    return 5000;
  if (total >= 19900)
    return 2000;
  return rng_per_mille (rng, 500) ? 500 : 1000;
}

static void
make_order_id (SdDemo  *self,
               guint    j,
               gint64   created_at,
               GString *out)
{
  /* Unique: the last ten digits are a bijection of j modulo 10^10 (the factor is prime
   * to 10). Older trades have 18 digits, newer ones 19, as on Taobao. */
  guint64 tail = ((guint64) j * G_GUINT64_CONSTANT (738694217) + self->order_id_offset) % G_GUINT64_CONSTANT (10000000000);
  gboolean recent = self->now - created_at < 365 * DAY;
  guint head = recent ? 100000000 + rng_below (&self->order_rng, 300000000)
                      : 10000000 + rng_below (&self->order_rng, 90000000);

  append_uint (out, head, 0);
  append_uint (out, tail, 10);
}

static inline gint64
clamp_now (const SdDemo *self,
           gint64        time)
{
  return MIN (time, self->now);
}

/* Note: no two draws in one expression or argument list anywhere in this file, since C
 * leaves their order to the compiler. */
static void
set_status (SdDemo  *self,
            SdOrder *order)
{
  Rng *rng = &self->order_rng;
  gint64 created_at = order->created_at;
  gint64 age = self->now - created_at;
  guint draw = rng_below (rng, 1000);
  const char *status;

  if (draw < 20)
    {
      /* Never paid: waiting if recent, else closed by Taobao before payment. */
      status = age < DAY ? "WAIT_BUYER_PAY" : "TRADE_CLOSED_BY_TAOBAO";
      sd_customer_set_text (&order->status, status);
      order->modified_at = age < DAY ? created_at : created_at + DAY;
      return;
    }

  order->paid_at = clamp_now (self, created_at + rng_range (rng, 5, 30 * MINUTE));
  if (draw < 40 && age > 2 * DAY)
    {
      /* Refunded in full: Taobao closes the trade. */
      sd_customer_set_text (&order->status, "TRADE_CLOSED");
      sd_customer_set_text (&order->refund_state, "full");
      order->refund_cents = order->amount_cents;
      order->modified_at = clamp_now (self, order->paid_at + rng_range (rng, HOUR, 7 * DAY));
      return;
    }
  if (draw < 50 && age > 10 * DAY)
    {
      sd_customer_set_text (&order->status, "TRADE_FINISHED");
      sd_customer_set_text (&order->refund_state, "partial");
      /* One item of several, or a price difference: a third, in whole yuan. */
      order->refund_cents = MAX (100, order->amount_cents / 300 * 100);
      order->refund_cents = MIN (order->refund_cents, order->amount_cents);
      order->modified_at = clamp_now (self, order->paid_at + rng_range (rng, 3 * DAY, 20 * DAY));
      return;
    }

  if (age < 12 * HOUR || (age < 2 * DAY && rng_per_mille (rng, 400)))
    status = "WAIT_SELLER_SEND_GOODS";
  else if (age < 10 * DAY && rng_per_mille (rng, 750))
    status = "WAIT_BUYER_CONFIRM_GOODS";
  else
    status = "TRADE_FINISHED";
  sd_customer_set_text (&order->status, status);
  if (strcmp (status, "TRADE_FINISHED") == 0)
    order->modified_at = clamp_now (self, order->paid_at + rng_range (rng, 2 * DAY, 15 * DAY));
  else if (strcmp (status, "WAIT_BUYER_CONFIRM_GOODS") == 0)
    order->modified_at = clamp_now (self, order->paid_at + rng_range (rng, HOUR, 2 * DAY));
  else
    order->modified_at = order->paid_at;
}

/**
 * sd_demo_next_order:
 * @self: a demo generator
 *
 * Orders come oldest first (created_at never decreases), each for one of the customers
 * 1 … n_customers, with amount_cents = the sum of its items less a shop coupon.
 *
 * Returns: (transfer full) (nullable): the next order, or %NULL after the last
 */
SdOrder *
sd_demo_next_order (SdDemo *self)
{
  SdOrder *order;
  gint64 total;
  guint j;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->orders_done >= self->n_orders)
    return NULL;

  j = self->orders_done++;
  order = sd_order_new ();
  order->customer_id = (gint64) next_buyer (self, j) + 1;
  order->created_at = order_time (self, j);

  g_string_truncate (self->scratch, 0);
  make_order_id (self, j, order->created_at, self->scratch);
  set_text_from (&order->platform_order_id, self->scratch);

  make_items (self, order, &total);
  order->amount_cents = total - make_discount (self, total);
  set_status (self, order);
  return order;
}
