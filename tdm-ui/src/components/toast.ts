// Toast messages: useToast().show({...}) from anywhere under <Toaster>.
import { createContext, useContext } from "react";

export interface ToastInput {
  title: string;
  detail?: string;
  tone?: "success" | "error" | "info";
}

export interface ToastApi {
  show: (toast: ToastInput) => void;
}

export const ToastContext = createContext<ToastApi>({ show: () => undefined });

export function useToast(): ToastApi {
  return useContext(ToastContext);
}
