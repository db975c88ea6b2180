import json

ENDPOINTS = {
    "/api/categories",
    "/api/products",
    "/api/products/{product_id}",
    "/api/search",
    "/api/search/suggest",
}


def test_the_openapi_document_lists_every_endpoint_with_its_schemas(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= ENDPOINTS
    schemas = document["components"]["schemas"]
    assert schemas["Money"]["properties"]["fen"]["type"] == "integer"
    listing = document["paths"]["/api/products"]["get"]
    parameters = {p["name"] for p in listing["parameters"]}
    assert {"category", "brand", "price_min", "price_max", "spec", "sort", "page"} <= parameters
    assert {"200", "404", "422"} <= set(listing["responses"])


def test_the_docs_page_answers_and_loads_swagger_from_our_own_static_files(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html
