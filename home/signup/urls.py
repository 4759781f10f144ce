from django.urls import path

from . import views

app_name = "signup"

urlpatterns = [
    path("<int:pk>/", views.signup_form, name="form"),
    path("s/<str:token>/", views.personal, name="personal"),
    path("s/<str:token>/cancel/", views.cancel, name="cancel"),
    path("s/<str:token>/event.ics", views.event_ics, name="ics"),
    path("s/<str:token>/certificate.pdf", views.certificate_pdf, name="certificate"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
]
