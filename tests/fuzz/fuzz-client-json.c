/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-client-json.h"
#include "fuzz.h"

/* A server's answer as the app reads one, into every model it makes: a server that is
 * broken, old or hostile may be refused, never crash the app. */

typedef gpointer (*ToModel) (JsonNode *node, GError **error);

static void
unref_object (gpointer object)
{
  g_object_unref (object);
}

static void
free_array (gpointer array)
{
  g_ptr_array_unref (array);
}

static void
free_cart_change (gpointer change)
{
  bs_cart_change_free (change);
}

static void
free_friend_lists (gpointer lists)
{
  bs_friend_lists_free (lists);
}

static void
free_account (gpointer account)
{
  bs_account_free (account);
}

static void
free_health (gpointer health)
{
  bs_server_health_free (health);
}

static const struct
{
  ToModel parse;
  GDestroyNotify free_func;
} models[] = {
  { (ToModel) bs_json_to_book, unref_object },
  { (ToModel) bs_json_to_books, free_array },
  { (ToModel) bs_json_to_cart, free_array },
  { (ToModel) bs_json_to_order, unref_object },
  { (ToModel) bs_json_to_orders, free_array },
  { (ToModel) bs_json_to_friend_lists, free_friend_lists },
  { (ToModel) bs_json_to_account, free_account },
  { (ToModel) bs_json_to_health, free_health },
  { (ToModel) bs_json_to_bestsellers, free_array },
  { (ToModel) bs_json_to_recommendations, free_array },
  { (ToModel) bs_json_to_people, free_array },
  { (ToModel) bs_json_to_session, free_account },
  { (ToModel) bs_json_to_customer_id, g_free },
  { (ToModel) bs_json_to_request_id, g_free },
  { (ToModel) bs_json_to_cart_change, free_cart_change },
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *message = bs_json_error_message ((const char *) data, size);
  JsonNode *root;

  if (size == 0 || !json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(GError) error = NULL;
      gpointer model = models[i].parse (root, &error);

      g_assert_true ((model == NULL) == (error != NULL));
      if (model != NULL)
        models[i].free_func (model);
    }
  return 0;
}
