/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-address"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sd-address.h"
#include "sd-core-resources.h"

#define DIVISION_RESOURCE_DIR "/org/shopdesk/core/china-division/"

/* How a name may match the start of an address. */
typedef enum
{
  KEY_FULL,       /* the canonical name, e.g. 浙江省: anywhere */
  KEY_SHORT,      /* a short form, e.g. 浙江: unless a road name goes on (浙江路) */
  KEY_SEPARATED,  /* a short district name, e.g. 西湖: only as a word of its own */
} KeyKind;

typedef struct
{
  const char *text;
  guint32     head;     /* the first bytes, to reject most keys with one compare */
  guint32     target;   /* index into the next level's divisions */
  guint8      len;
  guint8      kind;     /* KeyKind */
} Key;

typedef struct
{
  const char *name;
  guint32     parent;
  guint32     first_child;
  guint32     n_children;
  guint32     first_key;   /* keys of the children, in the next level's key array */
  guint32     n_keys;
} Division;

typedef struct
{
  GStringChunk *strings;
  GArray       *provinces;       /* Division */
  GArray       *cities;          /* Division */
  GArray       *districts;       /* Division */
  GArray       *province_keys;   /* Key */
  GArray       *city_keys;       /* Key */
  GArray       *district_keys;   /* Key */
} DivisionData;

/* Names a Taobao export or a person writes for the level between a province and
 * its county-level cities; they carry no information. */
static const char * const direct_placeholders[] = {
  "省直辖县级行政区划",
  "自治区直辖县级行政区划",
};

/* Ethnic groups as they appear in the names of autonomous areas, to find the short name
 * (延边朝鲜族自治州 → 延边). */
static const char * const ethnic_groups[] = {
  "柯尔克孜", "维吾尔", "哈萨克", "鄂温克", "鄂伦春", "达斡尔", "塔吉克", "蒙古", "朝鲜",
  "土家", "布依", "哈尼", "景颇", "傈僳", "纳西", "普米", "独龙", "拉祜", "基诺", "锡伯",
  "撒拉", "保安", "东乡", "裕固", "毛南", "仫佬", "仡佬", "布朗", "阿昌", "德昂", "怒",
  "苗", "藏", "羌", "彝", "侗", "壮", "傣", "白", "回", "黎", "畲", "瑶", "满", "水", "佤",
  "土", "京", "各",
};

/* Ethnic names that autonomous areas use without 族 (博尔塔拉蒙古自治州). */
static const char * const ethnic_groups_bare[] = {
  "柯尔克孜", "维吾尔", "哈萨克", "蒙古",
};

static const char * const name_suffixes[] = {
  "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "街道",
  "省", "市", "盟", "区", "县", "旗", "镇",
};

static inline guint32
key_head (const char *text,
          gsize       len)
{
  guint32 head = 0;

  for (gsize i = 0; i < 3; i++)
    head = (head << 8) | (i < len ? (guchar) text[i] : 0);
  return head;
}

static gboolean
has_suffix_len (const char *text,
                gsize       len,
                const char *suffix)
{
  gsize suffix_len = strlen (suffix);

  return len >= suffix_len && memcmp (text + len - suffix_len, suffix, suffix_len) == 0;
}

/* The length of the short form of @name, or 0 when it has none; *out_prefecture says
 * whether the name was an autonomous prefecture, which people also write as 延边州. */
static gsize
short_name_len (const char *name,
                gboolean   *out_prefecture)
{
  gsize len = strlen (name);
  gboolean autonomous = FALSE;

  *out_prefecture = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (name_suffixes); i++)
    {
      if (has_suffix_len (name, len, name_suffixes[i]))
        {
          autonomous = g_str_has_prefix (name_suffixes[i], "自治");
          *out_prefecture = strcmp (name_suffixes[i], "自治州") == 0;
          len -= strlen (name_suffixes[i]);
          break;
        }
    }

  while (autonomous)
    {
      gboolean stripped = FALSE;

      if (has_suffix_len (name, len, "族"))
        {
          gsize rest = len - strlen ("族");

          for (guint i = 0; i < G_N_ELEMENTS (ethnic_groups) && !stripped; i++)
            if (has_suffix_len (name, rest, ethnic_groups[i]) &&
                g_utf8_strlen (name, rest - strlen (ethnic_groups[i])) >= 2)
              {
                len = rest - strlen (ethnic_groups[i]);
                stripped = TRUE;
              }
        }
      /* Not 内蒙古 → 内: what is left must still be a name. */
      for (guint i = 0; i < G_N_ELEMENTS (ethnic_groups_bare) && !stripped; i++)
        if (has_suffix_len (name, len, ethnic_groups_bare[i]) &&
            g_utf8_strlen (name, len - strlen (ethnic_groups_bare[i])) >= 2)
          {
            len -= strlen (ethnic_groups_bare[i]);
            stripped = TRUE;
          }
      if (!stripped)
        break;
    }

  if (len == strlen (name) || g_utf8_strlen (name, len) < 2)
    return 0;
  return len;
}

static void
add_key (DivisionData *data,
         GArray       *keys,
         const char   *text,
         gsize         len,
         guint32       target,
         KeyKind       kind)
{
  Key key;

  g_assert (len > 0 && len <= G_MAXUINT8);

  key.text = g_string_chunk_insert_len (data->strings, text, len);
  key.head = key_head (text, len);
  key.target = target;
  key.len = (guint8) len;
  key.kind = kind;
  g_array_append_val (keys, key);
}

/* The canonical name and the short forms people write for it. */
static void
add_name_keys (DivisionData *data,
               GArray       *keys,
               const char   *name,
               guint32       target,
               KeyKind       short_kind)
{
  gboolean prefecture = FALSE;
  gsize short_len = short_name_len (name, &prefecture);

  add_key (data, keys, name, strlen (name), target, KEY_FULL);
  if (short_len > 0)
    {
      add_key (data, keys, name, short_len, target, short_kind);
      if (prefecture)
        {
          g_autofree char *with_zhou = g_strdup_printf ("%.*s州", (int) short_len, name);

          add_key (data, keys, with_zhou, strlen (with_zhou), target, KEY_SHORT);
        }
    }
}

static guint32
append_division (DivisionData *data,
                 GArray       *level,
                 const char   *name,
                 guint32       parent)
{
  Division division = { 0 };

  division.name = g_string_chunk_insert_const (data->strings, name);
  division.parent = parent;
  g_array_append_val (level, division);
  return level->len - 1;
}

static Division *
division_at (GArray  *level,
             guint32  index)
{
  return &g_array_index (level, Division, index);
}

static void
begin_children (Division *division,
                GArray   *children,
                GArray   *child_keys)
{
  division->first_child = children->len;
  division->first_key = child_keys->len;
}

static void
end_children (Division *division,
              GArray   *children,
              GArray   *child_keys)
{
  division->n_children = children->len - division->first_child;
  division->n_keys = child_keys->len - division->first_key;
}

static void
add_district (DivisionData *data,
              guint32       city,
              const char   *name)
{
  guint32 index = append_division (data, data->districts, name, city);

  add_name_keys (data, data->district_keys, name, index, KEY_SEPARATED);
}

static const char *
node_name (JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);

  return json_object_get_string_member_with_default (object, "name", "");
}

static JsonArray *
node_children (JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);
  JsonNode *children = json_object_get_member (object, "children");

  if (children == NULL || !JSON_NODE_HOLDS_ARRAY (children))
    return NULL;
  return json_node_get_array (children);
}

static gboolean
is_direct_placeholder (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (direct_placeholders); i++)
    if (strcmp (name, direct_placeholders[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_municipal_placeholder (const char *name)
{
  return strcmp (name, "市辖区") == 0 || strcmp (name, "县") == 0;
}

/* pca-code.json: [{name, children: [{name, children: [{name}]}]}] */
static void
load_mainland (DivisionData *data,
               JsonArray    *provinces)
{
  for (guint p = 0; p < json_array_get_length (provinces); p++)
    {
      JsonNode *province_node = json_array_get_element (provinces, p);
      JsonArray *cities = node_children (province_node);
      const char *province_name = node_name (province_node);
      guint32 province = append_division (data, data->provinces, province_name, 0);
      guint32 municipality = G_MAXUINT32;

      add_name_keys (data, data->province_keys, province_name, province, KEY_SHORT);
      begin_children (division_at (data->provinces, province), data->cities, data->city_keys);

      for (guint c = 0; cities != NULL && c < json_array_get_length (cities); c++)
        {
          JsonNode *city_node = json_array_get_element (cities, c);
          JsonArray *districts = node_children (city_node);
          const char *city_name = node_name (city_node);
          guint n_districts = districts ? json_array_get_length (districts) : 0;

          if (is_direct_placeholder (city_name))
            {
              /* County-level cities under the province: cities of their own (仙桃市). */
              for (guint d = 0; d < n_districts; d++)
                {
                  const char *name = node_name (json_array_get_element (districts, d));
                  guint32 city = append_division (data, data->cities, name, province);

                  add_name_keys (data, data->city_keys, name, city, KEY_SHORT);
                  begin_children (division_at (data->cities, city), data->districts, data->district_keys);
                  end_children (division_at (data->cities, city), data->districts, data->district_keys);
                }
              continue;
            }

          if (is_municipal_placeholder (city_name))
            {
              /* 北京市 › 市辖区, 重庆市 › 市辖区 + 县: one city named as the municipality. */
              if (municipality == G_MAXUINT32)
                {
                  municipality = append_division (data, data->cities, province_name, province);
                  add_name_keys (data, data->city_keys, province_name, municipality, KEY_SHORT);
                  begin_children (division_at (data->cities, municipality), data->districts, data->district_keys);
                }
              add_key (data, data->city_keys, city_name, strlen (city_name), municipality,
                       g_utf8_strlen (city_name, -1) < 2 ? KEY_SEPARATED : KEY_SHORT);
              for (guint d = 0; d < n_districts; d++)
                add_district (data, municipality, node_name (json_array_get_element (districts, d)));
              continue;
            }

          {
            guint32 city = append_division (data, data->cities, city_name, province);

            add_name_keys (data, data->city_keys, city_name, city, KEY_SHORT);
            begin_children (division_at (data->cities, city), data->districts, data->district_keys);
            for (guint d = 0; d < n_districts; d++)
              add_district (data, city, node_name (json_array_get_element (districts, d)));
            end_children (division_at (data->cities, city), data->districts, data->district_keys);
          }
        }

      if (municipality != G_MAXUINT32)
        end_children (division_at (data->cities, municipality), data->districts, data->district_keys);
      end_children (division_at (data->provinces, province), data->cities, data->city_keys);
    }
}

/* HK-MO-TW.json: {province: {city: [district, …]}} */
static void
load_special (DivisionData *data,
              JsonObject   *provinces)
{
  JsonObjectIter province_iter;
  const char *province_name;
  JsonNode *cities_node;

  json_object_iter_init_ordered (&province_iter, provinces);
  while (json_object_iter_next_ordered (&province_iter, &province_name, &cities_node))
    {
      guint32 province = append_division (data, data->provinces, province_name, 0);
      JsonObjectIter city_iter;
      const char *city_name;
      JsonNode *districts_node;

      add_name_keys (data, data->province_keys, province_name, province, KEY_SHORT);
      begin_children (division_at (data->provinces, province), data->cities, data->city_keys);
      if (JSON_NODE_HOLDS_OBJECT (cities_node))
        {
          json_object_iter_init_ordered (&city_iter, json_node_get_object (cities_node));
          while (json_object_iter_next_ordered (&city_iter, &city_name, &districts_node))
            {
              guint32 city = append_division (data, data->cities, city_name, province);

              add_name_keys (data, data->city_keys, city_name, city, KEY_SHORT);
              begin_children (division_at (data->cities, city), data->districts, data->district_keys);
              if (JSON_NODE_HOLDS_ARRAY (districts_node))
                {
                  JsonArray *districts = json_node_get_array (districts_node);

                  for (guint d = 0; d < json_array_get_length (districts); d++)
                    add_district (data, city, json_array_get_string_element (districts, d));
                }
              end_children (division_at (data->cities, city), data->districts, data->district_keys);
            }
        }
      end_children (division_at (data->provinces, province), data->cities, data->city_keys);
    }
}

static JsonNode *
parse_resource (JsonParser *parser,
                const char *name)
{
  g_autofree char *path = g_strconcat (DIVISION_RESOURCE_DIR, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *text;

  /* Looked up in the core's own resource, not the global namespace: this also keeps the
   * linker from dropping the resource out of the static library. */
  bytes = g_resource_lookup_data (sd_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The division data %s is not built in: %s", path, error->message);
  text = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, text, (gssize) len, &error))
    g_error ("The division data %s is broken: %s", path, error->message);
  return json_parser_get_root (parser);
}

static DivisionData *
division_data_load (void)
{
  g_autoptr(JsonParser) mainland_parser = json_parser_new_immutable ();
  g_autoptr(JsonParser) special_parser = json_parser_new_immutable ();
  DivisionData *data = g_new0 (DivisionData, 1);
  JsonNode *root;

  data->strings = g_string_chunk_new (16 * 1024);
  data->provinces = g_array_sized_new (FALSE, FALSE, sizeof (Division), 40);
  data->cities = g_array_sized_new (FALSE, FALSE, sizeof (Division), 400);
  data->districts = g_array_sized_new (FALSE, FALSE, sizeof (Division), 3500);
  data->province_keys = g_array_sized_new (FALSE, FALSE, sizeof (Key), 80);
  data->city_keys = g_array_sized_new (FALSE, FALSE, sizeof (Key), 800);
  data->district_keys = g_array_sized_new (FALSE, FALSE, sizeof (Key), 7000);

  root = parse_resource (mainland_parser, "pca-code.json");
  if (!JSON_NODE_HOLDS_ARRAY (root))
    g_error ("The division data pca-code.json is not a list of provinces");
  load_mainland (data, json_node_get_array (root));

  root = parse_resource (special_parser, "HK-MO-TW.json");
  if (!JSON_NODE_HOLDS_OBJECT (root))
    g_error ("The division data HK-MO-TW.json is not an object");
  load_special (data, json_node_get_object (root));

  return data;
}

/* Parsed once, on first use, and kept for the life of the process. */
static const DivisionData *
get_data (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    g_once_init_leave (&loaded, (gsize) division_data_load ());
  return (const DivisionData *) loaded;
}

/* The length of the separator at @p, or 0. */
static inline gsize
separator_len (const char *p,
               const char *end)
{
  const guchar *u = (const guchar *) p;
  gsize left = (gsize) (end - p);

  if (left == 0)
    return 0;
  switch (u[0])
    {
    case ' ': case '\t': case '\r': case '\n': case ',': case ';':
      return 1;
    case 0xC2: /* U+00A0 no-break space */
      return left >= 2 && u[1] == 0xA0 ? 2 : 0;
    case 0xE3: /* U+3000 ideographic space */
      return left >= 3 && u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
    case 0xEF: /* U+FF0C fullwidth comma, U+FF1B fullwidth semicolon */
      return left >= 3 && u[1] == 0xBC && (u[2] == 0x8C || u[2] == 0x9B) ? 3 : 0;
    default:
      return 0;
    }
}

static inline const char *
skip_separators (const char *p,
                 const char *end)
{
  gsize len;

  while ((len = separator_len (p, end)) > 0)
    p += len;
  return p;
}

/* The length of the separator that ends just before @end, or 0. */
static gsize
trailing_separator_len (const char *start,
                        const char *end)
{
  gsize left = (gsize) (end - start);

  if (left >= 1 && separator_len (end - 1, end) == 1)
    return 1;
  if (left >= 2 && separator_len (end - 2, end) == 2)
    return 2;
  if (left >= 3 && separator_len (end - 3, end) == 3)
    return 3;
  return 0;
}

static const char *
trim_end (const char *start,
          const char *end)
{
  gsize len;

  while ((len = trailing_separator_len (start, end)) > 0)
    end -= len;
  return end;
}

static gboolean
has_text_suffix (const char *start,
                 const char *end,
                 const char *suffix)
{
  return has_suffix_len (start, (gsize) (end - start), suffix);
}

static gboolean
has_text_prefix (const char *p,
                 const char *end,
                 const char *prefix)
{
  gsize len = strlen (prefix);

  return (gsize) (end - p) >= len && memcmp (p, prefix, len) == 0;
}

/* Strips a label such as 邮编: or 邮政编码： that ends before @end. */
static const char *
strip_postcode_label_end (const char *start,
                          const char *end)
{
  end = trim_end (start, end);
  if (has_text_suffix (start, end, ":"))
    end -= 1;
  else if (has_text_suffix (start, end, "："))
    end -= strlen ("：");
  end = trim_end (start, end);
  if (has_text_suffix (start, end, "邮政编码"))
    end -= strlen ("邮政编码");
  else if (has_text_suffix (start, end, "邮编"))
    end -= strlen ("邮编");
  return end;
}

static gboolean
is_postcode (const char *p,
             const char *end)
{
  if (end - p != 6)
    return FALSE;
  for (; p < end; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Takes a postcode off the end of the address: "…(310012)", "…（310012）", "… 310012",
 * "… 邮编:310012". Returns the new end of the address. */
static const char *
take_postcode (const char *start,
               const char *end,
               char        postcode[7])
{
  const char *close = NULL;
  const char *digits;

  postcode[0] = '\0';
  end = trim_end (start, end);

  if (has_text_suffix (start, end, ")"))
    close = end - 1;
  else if (has_text_suffix (start, end, "）"))
    close = end - strlen ("）");

  if (close != NULL)
    {
      const char *open = close;
      const char *inner;
      const char *inner_end;
      gsize open_len = 0;

      while (open > start)
        {
          open--;
          if (*open == '(')
            {
              open_len = 1;
              break;
            }
          if (has_text_prefix (open, close, "（"))
            {
              open_len = strlen ("（");
              break;
            }
        }
      if (open_len == 0)
        return end;

      inner = skip_separators (open + open_len, close);
      inner_end = trim_end (inner, close);
      if (has_text_prefix (inner, inner_end, "邮政编码"))
        inner += strlen ("邮政编码");
      else if (has_text_prefix (inner, inner_end, "邮编"))
        inner += strlen ("邮编");
      if (has_text_prefix (inner, inner_end, ":"))
        inner += 1;
      else if (has_text_prefix (inner, inner_end, "："))
        inner += strlen ("：");
      inner = skip_separators (inner, inner_end);
      if (!is_postcode (inner, inner_end))
        return end;
      memcpy (postcode, inner, 6);
      postcode[6] = '\0';
      return trim_end (start, open);
    }

  digits = end;
  while (digits > start && g_ascii_isdigit (digits[-1]))
    digits--;
  if (!is_postcode (digits, end) || digits == start || g_ascii_isalnum (digits[-1]))
    return end;
  memcpy (postcode, digits, 6);
  postcode[6] = '\0';
  return trim_end (start, strip_postcode_label_end (start, digits));
}

/* Characters that continue a place name into a road or building: 浙江路, 北京大学. */
static gboolean
continues_as_road (const char *p,
                   const char *end)
{
  static const char * const road_words[] = {
    "路", "街", "道", "巷", "弄", "中路", "东路", "西路", "南路", "北路",
    "大道", "大街", "大学", "大厦", "大桥", "广场", "公园",
  };

  if (p >= end)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (road_words); i++)
    if (has_text_prefix (p, end, road_words[i]))
      return TRUE;
  return FALSE;
}

/* The longest key in @keys that the text at @p starts with, or NULL. */
static const Key *
match_key (const Key  *keys,
           guint       n_keys,
           const char *p,
           const char *end)
{
  gsize left = (gsize) (end - p);
  guint32 head;
  const Key *best = NULL;

  if (left == 0)
    return NULL;
  head = key_head (p, left);

  for (guint i = 0; i < n_keys; i++)
    {
      const Key *key = &keys[i];
      const char *after;

      if (key->len > left || (best != NULL && key->len <= best->len))
        continue;
      if (key->len >= 3 && key->head != head)
        continue;
      if (memcmp (key->text, p, key->len) != 0)
        continue;

      after = p + key->len;
      switch ((KeyKind) key->kind)
        {
        case KEY_FULL:
          break;
        case KEY_SHORT:
          if (continues_as_road (after, end))
            continue;
          break;
        case KEY_SEPARATED:
          if (after < end && separator_len (after, end) == 0)
            continue;
          break;
        default:
          g_assert_not_reached ();
        }
      best = key;
    }
  return best;
}

static const Key *
key_range (GArray        *keys,
           const Division *division)
{
  return &g_array_index (keys, Key, division->first_key);
}

/* A district named without its city (北京市朝阳区, 广东省南山区): searched in all the
 * cities of the province; only a name that is unique there counts. */
static const Key *
match_district_in_province (const DivisionData *data,
                            const Division     *province,
                            const char         *p,
                            const char         *end)
{
  const Key *found = NULL;

  for (guint c = 0; c < province->n_children; c++)
    {
      const Division *city = division_at (data->cities, province->first_child + c);
      const Key *key = match_key (key_range (data->district_keys, city), city->n_keys, p, end);

      if (key == NULL || key->kind != KEY_FULL)
        continue;
      if (found != NULL && found->len == key->len)
        return NULL;
      if (found == NULL || key->len > found->len)
        found = key;
    }
  return found;
}

/* A city named without its province (杭州市西湖区…): only the full name counts. */
static const Key *
match_city_anywhere (const DivisionData *data,
                     const char         *p,
                     const char         *end)
{
  const Key *found = NULL;

  for (guint i = 0; i < data->province_keys->len; i++)
    {
      const Key *province_key = &g_array_index (data->province_keys, Key, i);
      const Division *province;
      const Key *key;

      if (province_key->kind != KEY_FULL)
        continue;
      province = division_at (data->provinces, province_key->target);
      key = match_key (key_range (data->city_keys, province), province->n_keys, p, end);
      if (key != NULL && key->kind == KEY_FULL && (found == NULL || key->len > found->len))
        found = key;
    }
  return found;
}

static const char *
skip_direct_placeholder (const char *p,
                         const char *end)
{
  for (guint i = 0; i < G_N_ELEMENTS (direct_placeholders); i++)
    if (has_text_prefix (p, end, direct_placeholders[i]))
      return skip_separators (p + strlen (direct_placeholders[i]), end);
  return p;
}

/**
 * sd_address_split:
 * @full: a receiver address as one line
 *
 * Splits a Chinese address into province, city, district, street and postcode. The
 * province, city and district come back in their canonical full form from the division
 * data; what is not recognised stays in the street. Taobao's "no postcode" 000000 comes
 * back as "". No field is %NULL.
 *
 * Returns: (transfer full): the parts, free with sd_address_free()
 */
SdAddress *
sd_address_split (const char *full)
{
  const DivisionData *data;
  const Division *province = NULL;
  const Division *city = NULL;
  const Division *district = NULL;
  const Key *key;
  const char *p;
  const char *end;
  char postcode[7];
  SdAddress *address;

  g_return_val_if_fail (full != NULL, NULL);

  data = get_data ();
  p = skip_separators (full, full + strlen (full));
  end = take_postcode (p, full + strlen (full), postcode);
  if (strcmp (postcode, "000000") == 0)
    postcode[0] = '\0';

  key = match_key (&g_array_index (data->province_keys, Key, 0), data->province_keys->len, p, end);
  if (key != NULL)
    {
      province = division_at (data->provinces, key->target);
      p += key->len;
      /* 广西省, 新疆省: a short name with a suffix of its own. */
      if (key->kind != KEY_FULL && (has_text_prefix (p, end, "省") || has_text_prefix (p, end, "市")))
        p += strlen ("省");
      p = skip_direct_placeholder (skip_separators (p, end), end);

      key = match_key (key_range (data->city_keys, province), province->n_keys, p, end);
      if (key != NULL)
        {
          city = division_at (data->cities, key->target);
          p = skip_separators (p + key->len, end);
          /* 北京 北京市 市辖区, 仙桃市 仙桃市: the city said twice, unless it is a
           * district that begins with the city's name (恩施州 恩施市). */
          while ((key = match_key (key_range (data->city_keys, province), province->n_keys, p, end)) != NULL &&
                 division_at (data->cities, key->target) == city &&
                 (p + key->len == end || separator_len (p + key->len, end) > 0))
            {
              const Key *district_key = match_key (key_range (data->district_keys, city), city->n_keys, p, end);

              if (district_key != NULL && district_key->len >= key->len)
                break;
              p = skip_separators (p + key->len, end);
            }
        }
    }
  else if ((key = match_city_anywhere (data, p, end)) != NULL)
    {
      city = division_at (data->cities, key->target);
      province = division_at (data->provinces, city->parent);
      p = skip_separators (p + key->len, end);
    }

  if (city != NULL)
    {
      key = match_key (key_range (data->district_keys, city), city->n_keys, p, end);
      if (key != NULL)
        district = division_at (data->districts, key->target);
    }
  else if (province != NULL)
    {
      key = match_district_in_province (data, province, p, end);
      if (key != NULL)
        {
          district = division_at (data->districts, key->target);
          city = division_at (data->cities, district->parent);
        }
    }
  if (district != NULL)
    p = skip_separators (p + key->len, end);

  address = g_new0 (SdAddress, 1);
  address->province = g_strdup (province ? province->name : "");
  address->city = g_strdup (city ? city->name : "");
  address->district = g_strdup (district ? district->name : "");
  address->street = g_strndup (p, (gsize) (trim_end (p, end) - p));
  address->postcode = g_strdup (postcode);
  return address;
}

void
sd_address_free (SdAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->province);
  g_free (address->city);
  g_free (address->district);
  g_free (address->street);
  g_free (address->postcode);
  g_free (address);
}

static const Division *
find_province (const char *name)
{
  const DivisionData *data;
  const Key *key;
  const char *start;
  const char *end;

  if (name == NULL)
    return NULL;
  data = get_data ();
  start = skip_separators (name, name + strlen (name));
  end = trim_end (start, name + strlen (name));
  key = match_key (&g_array_index (data->province_keys, Key, 0), data->province_keys->len, start, end);
  if (key == NULL || start + key->len != end)
    return NULL;
  return division_at (data->provinces, key->target);
}

/**
 * sd_address_is_province:
 * @name: a name such as 浙江省 or 浙江
 *
 * Returns: whether @name is a province, full or short
 */
gboolean
sd_address_is_province (const char *name)
{
  return find_province (name) != NULL;
}

/**
 * sd_address_canonical_province:
 * @name: a name such as 广西
 *
 * Returns: (nullable) (transfer none): the full name (广西壮族自治区), or %NULL when
 *   @name is not a province. The string lives as long as the process.
 */
const char *
sd_address_canonical_province (const char *name)
{
  const Division *province = find_province (name);

  return province ? province->name : NULL;
}

/* The 31 mainland provinces in GB/T 2260 order, then 香港, 澳门, 台湾. */
guint
sd_address_get_n_provinces (void)
{
  return get_data ()->provinces->len;
}

const char *
sd_address_get_province (guint index)
{
  const DivisionData *data = get_data ();

  g_return_val_if_fail (index < data->provinces->len, NULL);

  return division_at (data->provinces, index)->name;
}

guint
sd_address_get_n_cities (guint province)
{
  const DivisionData *data = get_data ();

  g_return_val_if_fail (province < data->provinces->len, 0);

  return division_at (data->provinces, province)->n_children;
}

const char *
sd_address_get_city (guint province,
                     guint city)
{
  const DivisionData *data = get_data ();
  const Division *division;

  g_return_val_if_fail (province < data->provinces->len, NULL);
  division = division_at (data->provinces, province);
  g_return_val_if_fail (city < division->n_children, NULL);

  return division_at (data->cities, division->first_child + city)->name;
}

/* 0 for county-level cities directly under a province (仙桃市), which have no districts. */
guint
sd_address_get_n_districts (guint province,
                            guint city)
{
  const DivisionData *data = get_data ();
  const Division *division;

  g_return_val_if_fail (province < data->provinces->len, 0);
  division = division_at (data->provinces, province);
  g_return_val_if_fail (city < division->n_children, 0);

  return division_at (data->cities, division->first_child + city)->n_children;
}

const char *
sd_address_get_district (guint province,
                         guint city,
                         guint district)
{
  const DivisionData *data = get_data ();
  const Division *division;

  g_return_val_if_fail (province < data->provinces->len, NULL);
  division = division_at (data->provinces, province);
  g_return_val_if_fail (city < division->n_children, NULL);
  division = division_at (data->cities, division->first_child + city);
  g_return_val_if_fail (district < division->n_children, NULL);

  return division_at (data->districts, division->first_child + district)->name;
}
