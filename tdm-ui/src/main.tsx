// Entry point: one query client and router for the page; cached data is dropped when the session ends.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createQueryClient } from "@/api/queryClient";
import { readSession, subscribeSession } from "@/auth/session";
import { App } from "./App";
import { createAppRouter } from "./router";
import "./index.css";

const queryClient = createQueryClient();
const router = createAppRouter({ queryClient });

let signedIn = readSession() !== null;
subscribeSession(() => {
  const now = readSession() !== null;
  if (signedIn && !now) queryClient.clear(); // another key must not see this key's cached data
  signedIn = now;
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App queryClient={queryClient} router={router} />
  </StrictMode>,
);
