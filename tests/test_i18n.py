"""Chinese first, English available."""


def test_pages_default_to_simplified_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_english_is_available(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "Log in" in page and "Social assistance — one form, one window" in page


def test_validation_messages_are_translated(users, client):
    from tests.factories import payload
    from tests.web_helpers import household_post

    client.force_login(users["applicant"])
    data = payload(items=["dibao"])
    data["members"][0]["id_number"] = "130402198207290622"
    page = client.post("/apply/household/", household_post(data), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "check digit is wrong" in page


def test_catalogue_names_follow_the_language(users, client):
    client.force_login(users["applicant"])
    english = client.get("/apply/items/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Minimum living allowance (dibao)" in english and "Medical Security" in english
    chinese = client.get("/apply/items/").content.decode()
    assert "最低生活保障家庭生活救助" in chinese
