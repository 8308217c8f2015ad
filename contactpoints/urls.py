app_name = "contactpoints"

urlpatterns = []
