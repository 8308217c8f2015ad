app_name = "enquiries"

urlpatterns = []
