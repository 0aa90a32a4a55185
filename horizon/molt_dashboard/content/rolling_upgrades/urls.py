from django.urls import re_path

from molt_dashboard.content.rolling_upgrades import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^(?P<campaign_id>[0-9a-fA-F-]{36})/$', views.DetailView.as_view(), name='detail'),
]
