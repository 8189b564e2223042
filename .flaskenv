# Read by the flask command (python-dotenv): `.venv/bin/flask users create …` finds the app.
FLASK_APP=council:create_app
